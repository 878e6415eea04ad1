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

/** Ansible warns that an empty regexp or search_string matches every line. */
function emptyPatternWarning(args: LineinfileArgs): string | undefined {
  if (args.regexp !== '' && args.search_string !== '') return undefined;
  const what = args.regexp === '' ? 'regular expression' : 'search string';
  const hint = args.regexp === '' ? " If this is desired, use '^' to match every line in the file and avoid this warning." : '';
  return `The ${what} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.${hint}`;
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
    const warning = emptyPatternWarning(args);
    const result = { path: args.path, backup: '', ...(warning ? { warnings: [warning] } : {}) };
    if (file.type === 'directory') throw new ModuleFailure(`Path ${args.path} is a directory !`, { rc: 256 });
    if (!file.exists && (args.state ?? 'present') === 'absent') return { changed: false, msg: 'file not present', result };
    if (!file.exists && !args.create) throw new ModuleFailure(`Destination ${args.path} does not exist !`, { rc: 257 });
    const before = file.content?.toString('utf8') ?? '';
    const outcome = editLines(before, args);
    if (!file.exists && !outcome.changed) return { changed: false, result };
    // create: yes also makes the missing parent directories, as Ansible does
    const plan = planContentFile({ ...state, content: Buffer.from(outcome.text), createParent: args.create === true }, { ...args, dest: args.path });
    const msg = outcome.msg || (plan.changed ? 'ownership, perms or SE linux context changed' : '');
    return { ...plan, result: { ...result, ...(msg ? { msg } : {}) }, ...(msg ? { msg } : {}) };
  },
  async apply(ctx, args, plan) {
    // lineinfile names its backup `backup` ('' when none), where copy says backup_file
    const { backup_file, ...result } = await applyContentFile(ctx, { ...args, dest: args.path }, plan);
    return { ...result, backup: typeof backup_file === 'string' ? backup_file : '' };
  },
};
