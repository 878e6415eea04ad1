// tempfile: creates a temporary file or directory on the host with mktemp and returns its path.
// It always changes the host, so in check mode it reports the change without creating anything.
import type { ModuleDefinition } from '../module.ts';
import { shellQuote } from '../../connection/connection.ts';
import { runOrFail } from '../lib/run.ts';

export interface TempfileArgs {
  state?: 'file' | 'directory';
  path?: string;
  prefix?: string;
  suffix?: string;
}

export const tempfileModule: ModuleDefinition<TempfileArgs, TempfileArgs> = {
  name: 'tempfile',
  argsSchema: {
    type: 'object',
    description: 'Create a temporary file or directory (mktemp) and return its path.',
    properties: {
      state: { enum: ['file', 'directory'], default: 'file', description: 'create a file or a directory' },
      path: { type: 'string', minLength: 1, description: "where to create it (default: the host's TMPDIR, else /tmp)" },
      prefix: { type: 'string', default: 'ansible.', description: 'start of the name' },
      suffix: { type: 'string', default: '', description: 'end of the name' },
    },
    additionalProperties: false,
  },
  async probe(_ctx, args) {
    return args;
  },
  plan() {
    return { changed: true };
  },
  async apply(ctx, args) {
    const dir = args.path ? shellQuote(args.path) : '"${TMPDIR:-/tmp}"';
    const template = `${dir}/${shellQuote(`${args.prefix ?? 'ansible.'}XXXXXXXXXX`)}${args.suffix ? shellQuote(args.suffix) : ''}`;
    const flag = args.state === 'directory' ? '-d ' : '';
    const res = await runOrFail(ctx, `mktemp ${flag}${template}`, `cannot create a temporary ${args.state ?? 'file'}`);
    return { changed: true, path: res.stdout.trim(), state: args.state ?? 'file' };
  },
};
