// blockinfile: a block of lines between marker lines, inserted, updated or removed, as Ansible's;
// the file is then installed atomically with backup/validate/attributes like lineinfile.
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, checkContentFileArgs, contentFileProperties, planContentFile } from '../lib/content-file.ts';
import { probeFile } from '../lib/probe.ts';
import type { BlockEditArgs } from './blockinfile-edit.ts';
import { editBlock } from './blockinfile-edit.ts';

/** After alias folding (dest, destfile, name -> path; content -> block). */
export interface BlockinfileArgs extends BlockEditArgs, Omit<ContentFileArgs, 'dest' | 'force'> {
  path: string;
  create?: boolean;
}

const str = { type: 'string', minLength: 1 };

export const blockinfileModule: ModuleDefinition<BlockinfileArgs, ContentFileState, ContentFilePlanData> = {
  name: 'blockinfile',
  aliases: { dest: 'path', destfile: 'path', name: 'path', content: 'block' },
  argsSchema: {
    type: 'object',
    description: 'Insert, update or remove a block of lines surrounded by marker lines.',
    properties: {
      path: { ...str, description: 'the file to change (aliases: dest, destfile, name)' },
      dest: str,
      destfile: str,
      name: str,
      state: { enum: ['present', 'absent'], default: 'present', description: 'whether the block should be there' },
      marker: { type: 'string', default: '# {mark} ANSIBLE MANAGED BLOCK', description: '{mark} becomes marker_begin / marker_end' },
      block: { type: 'string', default: '', description: 'the text between the markers (alias: content)' },
      content: { type: 'string' },
      insertafter: { type: 'string', description: 'EOF or a regular expression: insert after its last matching line' },
      insertbefore: { type: 'string', description: 'BOF or a regular expression: insert before its last matching line' },
      create: { type: 'boolean', default: false, description: 'create the file when missing' },
      marker_begin: { type: 'string', default: 'BEGIN' },
      marker_end: { type: 'string', default: 'END' },
      ...contentFileProperties,
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['destfile'] }, { required: ['name'] }],
    not: { required: ['insertafter', 'insertbefore'] },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkContentFileArgs({ ...args, dest: args.path });
    const file = await probeFile(ctx, args.path, { content: true, follow: true });
    return { dest: args.path, file, content: Buffer.alloc(0), createParent: !file.exists };
  },
  plan(state, args): Plan<ContentFilePlanData> {
    const { file } = state;
    if (file.type === 'directory') throw new ModuleFailure(`Path ${args.path} is a directory !`, { rc: 256 });
    if (!file.exists && !args.create) throw new ModuleFailure(`Path ${args.path} does not exist !`, { rc: 257 });
    if (!file.exists && args.state === 'absent')
      return { changed: false, msg: `File ${args.path} not present`, result: { msg: `File ${args.path} not present` } };
    const outcome = editBlock(file.exists ? (file.content?.toString('utf8') ?? '') : undefined, args);
    const plan = planContentFile({ ...state, content: Buffer.from(outcome.text) }, { ...args, dest: args.path });
    const msg = outcome.changed ? outcome.msg : plan.changed ? 'ownership, perms or SE linux context changed' : '';
    return { ...plan, msg, result: { msg } };
  },
  apply(ctx, args, plan) {
    return applyContentFile(ctx, { ...args, dest: args.path }, plan);
  },
};
