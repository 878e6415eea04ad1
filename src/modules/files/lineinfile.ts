// lineinfile: ensures one line is present (placed as Ansible places it) or absent; the file is
// then installed atomically with backup/validate like copy.
import type { ModuleDefinition, Plan } from '../module.ts';
import type { ContentFilePlanData } from '../lib/content-file.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, contentFileProperties, planContentFile } from '../lib/content-file.ts';
import { probeFile } from '../lib/probe.ts';
import type { LineEditArgs } from './lineinfile-edit.ts';
import { checkLineArgs, editLines } from './lineinfile-edit.ts';
import { checkContentFileArgs } from '../lib/content-file.ts';

/** After alias folding (dest, destfile, name -> path; value -> line; regex -> regexp). */
export interface LineinfileArgs extends LineEditArgs, Omit<ContentFileArgs, 'dest' | 'force'> {
  path: string;
  create?: boolean;
}

export const lineinfileModule: ModuleDefinition<LineinfileArgs, ContentFileState, ContentFilePlanData> = {
  name: 'lineinfile',
  aliases: { dest: 'path', destfile: 'path', name: 'path', value: 'line', regex: 'regexp' },
  argsSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      destfile: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      line: { type: 'string' },
      value: { type: 'string' },
      regexp: { type: 'string' },
      regex: { type: 'string' },
      search_string: { type: 'string' },
      state: { enum: ['present', 'absent'] },
      insertafter: { type: 'string' },
      insertbefore: { type: 'string' },
      create: { type: 'boolean' },
      backrefs: { type: 'boolean' },
      firstmatch: { type: 'boolean' },
      ...contentFileProperties,
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['destfile'] }, { required: ['name'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkLineArgs(args);
    checkContentFileArgs({ ...args, dest: args.path });
    const file = await probeFile(ctx, args.path, { content: true, follow: true });
    return { dest: args.path, file, content: Buffer.alloc(0) };
  },
  plan(state, args): Plan<ContentFilePlanData> {
    const { file } = state;
    const result = { path: args.path };
    if (file.type === 'directory') throw new ModuleFailure(`Path ${args.path} is a directory !`, { rc: 256 });
    if (!file.exists && (args.state ?? 'present') === 'absent') return { changed: false, msg: 'file not present', result };
    if (!file.exists && !args.create) throw new ModuleFailure(`Destination ${args.path} does not exist !`, { rc: 257 });
    const before = file.content?.toString('utf8') ?? '';
    const outcome = editLines(before, args);
    if (!file.exists && !outcome.changed) return { changed: false, result };
    const plan = planContentFile({ ...state, content: Buffer.from(outcome.text) }, { ...args, dest: args.path });
    const msg = outcome.msg || (plan.changed ? 'ownership, perms or SE linux context changed' : '');
    return { ...plan, result: { ...result, ...(msg ? { msg } : {}) }, ...(msg ? { msg } : {}) };
  },
  apply(ctx, args, plan) {
    return applyContentFile(ctx, { ...args, dest: args.path }, plan);
  },
};
