// slurp: a remote file's content, base64 (binary-safe through stdout). Read-only.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

/** After alias folding (path -> src). */
interface SlurpArgs {
  src: string;
}

export const slurpModule: ModuleDefinition<SlurpArgs, Record<string, unknown>> = {
  name: 'slurp',
  aliases: { path: 'src' },
  argsSchema: {
    type: 'object',
    properties: { src: { type: 'string', minLength: 1 }, path: { type: 'string', minLength: 1 } },
    anyOf: [{ required: ['src'] }, { required: ['path'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const { src } = args;
    const q = shellQuote(src);
    const r = await ctx.target.run(`if [ ! -e ${q} ]; then exit 3; elif [ -d ${q} ]; then exit 4; fi; base64 < ${q}`);
    if (r.code === 3) throw new ModuleFailure(`file not found: ${src}`);
    if (r.code === 4) throw new ModuleFailure(`source is a directory and must be a file: ${src}`);
    if (r.code !== 0) throw new ModuleFailure(`cannot read ${src}: ${r.stderr.trim()}`, { rc: r.code });
    return { content: r.stdout.replace(/\s+/g, ''), encoding: 'base64', source: src };
  },
  plan: (result) => ({ changed: false, result }),
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
