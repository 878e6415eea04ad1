// getent: reads a name service database (passwd, group, hosts, services, ...) into the fact
// getent_<database>, as Ansible's getent: key -> the rest of its record, split on ':' for the
// colon databases and on whitespace otherwise. Read-only.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface GetentArgs {
  database: string;
  key?: string;
  service?: string;
  split?: string;
  fail_key?: boolean;
}

const COLON_DATABASES = ['passwd', 'shadow', 'group', 'gshadow'];

/** Python's str.split(sep) (sep given) or str.split() (runs of whitespace, ends trimmed). */
function pySplit(line: string, sep: string | undefined): string[] {
  return sep === undefined ? line.trim().split(/\s+/).filter(Boolean) : line.split(sep);
}

export function parseGetent(out: string, split: string | undefined): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const line of out.split('\n').filter((l) => l !== '')) {
    const [first, ...rest] = pySplit(line, split);
    if (first === undefined) continue;
    const count = seen.get(first) ?? 0;
    if (count === 0) tree[first] = rest;
    else if (count === 1) tree[first] = [tree[first], rest];
    else (tree[first] as unknown[]).push(rest);
    seen.set(first, count + 1);
  }
  return tree;
}

export const getentModule: ModuleDefinition<GetentArgs, Record<string, unknown>> = {
  name: 'getent',
  argsSchema: {
    type: 'object',
    description: 'Read a name service database (passwd, group, hosts, ...) into the getent_<database> fact.',
    properties: {
      database: { type: 'string', minLength: 1, description: 'passwd, group, shadow, hosts, services, ...' },
      key: { type: 'string', description: 'only this entry (default: all of them)' },
      service: { type: 'string', description: "the NSS service to ask (getent's -s)" },
      split: { type: 'string', description: "field separator (default ':' for passwd, shadow, group, gshadow; else whitespace)" },
      fail_key: { type: 'boolean', default: true, description: 'fail when the key is not found' },
    },
    required: ['database'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const words = ['getent', args.database, ...(args.key !== undefined ? [args.key] : []), ...(args.service !== undefined ? ['-s', args.service] : [])];
    const res = await ctx.target.run(words.map(shellQuote).join(' '));
    const split = args.split ?? (COLON_DATABASES.includes(args.database) ? ':' : undefined);
    const dbtree = `getent_${args.database}`;
    if (res.code === 0) return { ansible_facts: { [dbtree]: parseGetent(res.stdout, split) } };
    if (res.code === 2) {
      const msg = 'One or more supplied key could not be found in the database.';
      if (args.fail_key === false) return { ansible_facts: { [dbtree]: { [args.key ?? '']: null } }, msg };
      throw new ModuleFailure(msg);
    }
    if (res.code === 1) throw new ModuleFailure('Missing arguments, or database unknown.');
    if (res.code === 3) throw new ModuleFailure('Enumeration not supported on this database.');
    throw new ModuleFailure(res.code === 127 ? 'getent not found on the host' : 'Unexpected failure!', { rc: res.code, stderr: res.stderr });
  },
  plan(result) {
    return { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
