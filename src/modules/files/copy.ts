// copy: puts `content` or a controller file (`src`, looked up in the role's files/) at dest.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, basename } from 'node:path';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, contentFileProperties, planContentFile, probeContentFile } from '../lib/content-file.ts';
import { checkModeSpec } from '../lib/mode.ts';
import { checkValidateCommand } from '../lib/install.ts';

export interface CopyArgs extends ContentFileArgs {
  content?: unknown;
  src?: string;
}

/** Resolves a controller-side `src` (absolute, or through the role/playbook search path). */
export function findControllerFile(ctx: ModuleContext, kind: 'files' | 'templates', src: string): string {
  if (isAbsolute(src)) return src;
  try {
    return ctx.findFile(kind, src);
  } catch (err) {
    throw new ModuleFailure(`could not find src '${src}': ${(err as Error).message}`);
  }
}

async function readControllerFile(path: string): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ModuleFailure(`src '${path}' does not exist`);
  if (info.isDirectory()) throw new ModuleFailure(`src '${path}' is a directory: copying directories is not supported`);
  return readFile(path);
}

export function checkContentFileArgs(args: ContentFileArgs): void {
  if (args.mode !== undefined) checkModeSpec(args.mode);
  checkValidateCommand(args.validate);
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
