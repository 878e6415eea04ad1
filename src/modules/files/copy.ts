// copy: puts `content`, a controller file (`src`, looked up in the role's files/) or, with
// remote_src, a file already on the host at dest.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { shellQuote } from '../../connection/connection.ts';
import { isVaulted } from '../../vault/decryptor.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import {
  applyContentFile,
  checkContentFileArgs,
  contentFileProperties,
  planContentFile,
  preservableModeSchema,
  probeContentFile,
} from '../lib/content-file.ts';
import { findControllerFile } from '../lib/controller-file.ts';
import { pyJson } from '../../template/filters-data.ts';
import { formatMode, modeSchema } from '../lib/mode.ts';

export interface CopyArgs extends ContentFileArgs {
  content?: unknown;
  src?: string;
  remote_src?: boolean;
  /** sha1 the source must have (Ansible's `checksum`) */
  checksum?: string;
  decrypt?: boolean;
  local_follow?: boolean;
  directory_mode?: string | number;
}

async function readControllerFile(path: string, decrypt: boolean): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ModuleFailure(`src '${path}' does not exist`);
  if (info.isDirectory()) throw new ModuleFailure(`src '${path}' is a directory: copying directories is not supported`);
  const content = await readFile(path);
  if (decrypt && isVaulted(content.subarray(0, 64).toString('utf8'))) {
    throw new ModuleFailure(`src '${path}' is vault-encrypted: decrypting copy sources is not supported (give decrypt: false to copy it encrypted)`);
  }
  return content;
}

/** remote_src: the host's file, read base64 in one round trip (Ansible refuses non-files the same way). */
async function readHostFile(ctx: ModuleContext, src: string): Promise<{ content: Buffer; mode: string }> {
  const q = shellQuote(src);
  const r = await ctx.target.run(
    `if [ ! -e ${q} ]; then exit 3; elif [ -d ${q} ]; then exit 4; elif [ ! -f ${q} ]; then exit 5; fi; stat -L -c %a -- ${q} && base64 -w0 < ${q}`,
  );
  if (r.code === 3) throw new ModuleFailure(`Source ${src} not found`);
  if (r.code === 4) throw new ModuleFailure(`Source ${src} is a directory: remote_src copies of directories are not supported`);
  if (r.code === 5) throw new ModuleFailure(`Source ${src} is not a file`);
  if (r.code !== 0) throw new ModuleFailure(`Source ${src} not readable: ${r.stderr.trim()}`, { rc: r.code });
  const [mode, data = ''] = r.stdout.split('\n');
  return { content: Buffer.from(data.trim(), 'base64'), mode };
}

function checkSourceChecksum(content: Buffer, expected: string | undefined): void {
  if (expected === undefined) return;
  const actual = createHash('sha1').update(content).digest('hex');
  if (actual !== expected.toLowerCase()) throw new ModuleFailure('Copied file does not match the expected checksum', { checksum: actual, expected });
}

export const copyModule: ModuleDefinition<CopyArgs, ContentFileState, ContentFilePlanData> = {
  name: 'copy',
  // a list or dict content is written as Python's json.dumps writes it (`2.0` stays `2.0`)
  pythonArgs: ['content'],
  argsSchema: {
    type: 'object',
    properties: {
      content: { not: { type: 'null' } },
      src: { type: 'string' },
      dest: { type: 'string', minLength: 1 },
      ...contentFileProperties,
      follow: { type: 'boolean' },
      remote_src: { type: 'boolean' },
      checksum: { type: 'string', pattern: '^[0-9a-fA-F]{40}$' },
      decrypt: { type: 'boolean' },
      // only directory copies (not supported) look at these two
      local_follow: { type: 'boolean' },
      directory_mode: modeSchema,
      mode: preservableModeSchema,
    },
    required: ['dest'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkContentFileArgs(args);
    if ((args.content === undefined) === (args.src === undefined)) throw new ModuleFailure('give exactly one of src or content');
    if (args.content !== undefined) {
      if (args.mode === 'preserve') throw new ModuleFailure('mode: preserve needs src (content has no mode to keep)');
      if (args.remote_src) throw new ModuleFailure('remote_src needs src, not content');
      const text = typeof args.content === 'string' ? args.content : pyJson(args.content);
      return probeContentFile(ctx, args.dest, Buffer.from(text), undefined, undefined, args.follow);
    }
    const src = args.src!;
    if (args.remote_src) {
      const { content, mode } = await readHostFile(ctx, src);
      checkSourceChecksum(content, args.checksum);
      const state = await probeContentFile(ctx, args.dest, content, basename(src), src, args.follow);
      return args.mode === 'preserve' ? { ...state, sourceMode: formatMode(Number.parseInt(mode, 8)) } : state;
    }
    const path = findControllerFile(ctx, 'files', src);
    const content = await readControllerFile(path, args.decrypt !== false);
    checkSourceChecksum(content, args.checksum);
    const state = await probeContentFile(ctx, args.dest, content, basename(src), path, args.follow);
    return args.mode === 'preserve' ? { ...state, sourceMode: formatMode((await stat(path)).mode & 0o7777) } : state;
  },
  plan: planContentFile,
  apply: applyContentFile,
};
