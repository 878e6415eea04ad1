// `npx tsx bench/templates.ts [--engine-root DIR]`: the template-language case of `npm run bench`
// alone (no lab, no root). With --engine-root, measures another checkout's engine (before/after).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { templateWorkload } from './lib/template-workload.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--engine-root');
const root = at >= 0 ? resolve(args[at + 1]) : fileURLToPath(new URL('..', import.meta.url));
const result = await templateWorkload(root);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
