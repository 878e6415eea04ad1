// `npm run bench:rabbitmq -- --inventory inventories/lab/hosts.yml --vault-password-file F`:
// the converged re-run of playbooks/site.yml on a deployed RabbitMQ lab (bench/lib/rabbitmq.ts),
// alone, without the 50-host bench. --root DIR measures another checkout (a before figure).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rabbitmqWorkload } from './lib/rabbitmq.ts';
import { seconds, type Summary } from './lib/stats.ts';
import type { BenchContext } from './lib/tools.ts';

const { values } = parseArgs({
  options: {
    inventory: { type: 'string', default: 'inventories/lab/hosts.yml' },
    'vault-password-file': { type: 'string' },
    runs: { type: 'string', default: '5' },
    root: { type: 'string' },
  },
});
const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));
const ctx: Pick<BenchContext, 'root' | 'forks' | 'runs' | 'log'> = {
  root,
  forks: 50,
  runs: Number(values.runs),
  log: (line: string) => void process.stderr.write(`bench: ${line}\n`),
};
const vault = values['vault-password-file'] ? resolve(values['vault-password-file']) : undefined;
const result = await rabbitmqWorkload(ctx, resolve(values.inventory), vault);
const line = (name: string, s: Summary | undefined) => (s ? `${name.padEnd(34)} ${seconds(s.median)} (${seconds(s.min)}–${seconds(s.max)})` : '');
const lines = [
  `site.yml converged on ${result.hosts.join(', ')} from ${root}, ${result.tasksPerHost} tasks on the busiest host, ${ctx.runs} runs`,
  line('warren', result.warren),
  line('floor (true per task, SSH channels)', result.floor),
  line('floor (persistent shell)', result.shellFloor),
];
process.stdout.write(`${lines.join('\n')}\n`);
