// lineinfile: ensures one line is present (placed as Ansible places it) or absent; the file is
// then installed atomically with backup/validate like copy.
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, contentFileProperties, planContentFile } from '../lib/content-file.ts';
import { probeFile } from '../lib/probe.ts';
import type { LineEditArgs } from './lineinfile-edit.ts';
import { checkLineArgs, editLines } from './lineinfile-edit.ts';
import { checkContentFileArgs } from './copy.ts';

export interface LineinfileArgs extends LineEditArgs, Omit<ContentFileArgs, 'dest' | 'force'> {
  path?: string;
  dest?: string;
  destfile?: string;
  name?: string;
  value?: string;
  regex?: string;
  create?: boolean;
}

/** Ansible's aliases folded into the canonical names. */
export function lineinfileArgs(args: LineinfileArgs): LineEditArgs & { path: string } {
  const path = args.path ?? args.dest ?? args.destfile ?? args.name;
  if (!path) throw new ModuleFailure('missing required argument: path');
  return { ...args, path, line: args.line ?? args.value, regexp: args.regexp ?? args.regex };
}

export const lineinfileModule: ModuleDefinition<LineinfileArgs, ContentFileState> = {
  name: 'lineinfile',
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
    const edit = lineinfileArgs(args);
    checkLineArgs(edit);
    checkContentFileArgs({ ...args, dest: edit.path });
    const file = await probeFile(ctx, edit.path, { content: true, follow: true });
    return { dest: edit.path, file, content: Buffer.alloc(0) };
  },
  plan(state, args): Plan {
    const edit = lineinfileArgs(args);
    const { file } = state;
    const result = { path: edit.path };
    if (file.type === 'directory') throw new ModuleFailure(`Path ${edit.path} is a directory !`, { rc: 256 });
    if (!file.exists && (edit.state ?? 'present') === 'absent') return { changed: false, msg: 'file not present', result };
    if (!file.exists && !args.create) throw new ModuleFailure(`Destination ${edit.path} does not exist !`, { rc: 257 });
    const before = file.content?.toString('utf8') ?? '';
    const outcome = editLines(before, edit);
    if (!file.exists && !outcome.changed) return { changed: false, result };
    const plan = planContentFile({ ...state, content: Buffer.from(outcome.text) }, { ...args, dest: edit.path });
    const msg = outcome.msg || (plan.changed ? 'ownership, perms or SE linux context changed' : '');
    return { ...plan, result: { ...result, ...(msg ? { msg } : {}) }, ...(msg ? { msg } : {}) };
  },
  apply(ctx, args, plan) {
    return applyContentFile(ctx, { ...args, dest: lineinfileArgs(args).path }, plan);
  },
};
