// copy: puts `content` or a controller file (`src`, looked up in the role's files/) at dest.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, checkContentFileArgs, contentFileProperties, planContentFile, probeContentFile } from '../lib/content-file.ts';
import { findControllerFile } from '../lib/controller-file.ts';

export interface CopyArgs extends ContentFileArgs {
  content?: unknown;
  src?: string;
}

async function readControllerFile(path: string): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ModuleFailure(`src '${path}' does not exist`);
  if (info.isDirectory()) throw new ModuleFailure(`src '${path}' is a directory: copying directories is not supported`);
  return readFile(path);
}

export const copyModule: ModuleDefinition<CopyArgs, ContentFileState, ContentFilePlanData> = {
  name: 'copy',
  argsSchema: {
    type: 'object',
    properties: { content: { not: { type: 'null' } }, src: { type: 'string' }, dest: { type: 'string', minLength: 1 }, ...contentFileProperties },
    required: ['dest'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkContentFileArgs(args);
    if ((args.content === undefined) === (args.src === undefined)) throw new ModuleFailure('give exactly one of src or content');
    if (args.content !== undefined) {
      const text = typeof args.content === 'string' ? args.content : JSON.stringify(args.content);
      return probeContentFile(ctx, args.dest, Buffer.from(text));
    }
    const path = findControllerFile(ctx, 'files', args.src!);
    return probeContentFile(ctx, args.dest, await readControllerFile(path), basename(args.src!), path);
  },
  plan: planContentFile,
  apply: applyContentFile,
};
