// copy: puts `content`, a controller file (`src`, looked up in the role's files/) or, with
// remote_src, a file already on the host at dest.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { shellQuote } from '../../connection/connection.ts';
import { isVaulted } from '../../vault/decryptor.ts';
import type { ChangePlan, Diff, ModuleContext, ModuleDefinition } from '../module.ts';
import type { CopyTreeState, TreePlanData } from './copy-tree.ts';
import { applyTree, planTree, probeTree, treeDestination, walkControllerTree, walkHostTree } from './copy-tree.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import {
  applyContentFileWithPathInfo,
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

/** A vault-encrypted source is decrypted unless decrypt: false (Ansible's default). */
function decrypted(ctx: ModuleContext, path: string, content: Buffer, decrypt: boolean): { content: Buffer; vaulted: boolean } {
  if (!decrypt || !isVaulted(content.subarray(0, 64).toString('utf8'))) return { content, vaulted: false };
  if (!ctx.decryptVault)
    throw new ModuleFailure(`src '${path}' is vault-encrypted and no vault password was given (--vault-password-file, or decrypt: false to copy it encrypted)`);
  try {
    return { content: Buffer.from(ctx.decryptVault(content.toString('utf8')), 'utf8'), vaulted: true };
  } catch (err) {
    throw new ModuleFailure(`cannot decrypt src '${path}': ${(err as Error).message}`);
  }
}

/** A decrypted secret never reaches a diff. */
function hideSecretDiff<T extends { diff?: Diff[] }>(plan: T, dest: string): T {
  if (!plan.diff?.length) return plan;
  const hidden = (what: string) => `(${what} content not shown: the source is vault-encrypted)\n`;
  return {
    ...plan,
    diff: plan.diff.map((d) => ({ before: d.before === '' ? '' : hidden('old'), after: hidden('new'), before_header: dest, after_header: dest })),
  };
}

const HOST_DIRECTORY = 4;

/** remote_src: the host's file, read base64 in one round trip (Ansible refuses non-files the same way); undefined for a directory. */
async function readHostFile(ctx: ModuleContext, src: string): Promise<{ content: Buffer; mode: string } | undefined> {
  const q = shellQuote(src);
  const r = await ctx.target.run(
    `if [ ! -e ${q} ]; then exit 3; elif [ -d ${q} ]; then exit ${HOST_DIRECTORY}; elif [ ! -f ${q} ]; then exit 5; fi; stat -L -c %a -- ${q} && base64 -w0 < ${q}`,
  );
  if (r.code === 3) throw new ModuleFailure(`Source ${src} not found`);
  if (r.code === HOST_DIRECTORY) return undefined;
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

type CopyState = ContentFileState | { tree: CopyTreeState; vaulted?: false };
type CopyData = ContentFilePlanData | TreePlanData;

function isTree(state: CopyState): state is { tree: CopyTreeState } {
  return 'tree' in state;
}

export const copyModule: ModuleDefinition<CopyArgs, CopyState & { vaulted?: boolean }, CopyData> = {
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
      // directory copies: follow links in the source; the mode of the copied directories
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
    const localFollow = args.local_follow !== false;
    if (args.remote_src) {
      const file = await readHostFile(ctx, src);
      if (!file) {
        const destDir = treeDestination(src, args.dest);
        const entries = await walkHostTree(ctx, src.replace(/\/+$/, '') || '/', localFollow);
        return { tree: await probeTree(ctx, { src, dest: args.dest, destDir, remote: true }, entries) };
      }
      checkSourceChecksum(file.content, args.checksum);
      const state = await probeContentFile(ctx, args.dest, file.content, basename(src), src, args.follow);
      return args.mode === 'preserve' ? { ...state, sourceMode: formatMode(Number.parseInt(file.mode, 8)) } : state;
    }
    const path = findControllerFile(ctx, 'files', src.endsWith('/') && src.length > 1 ? src.replace(/\/+$/, '') : src);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new ModuleFailure(`src '${path}' does not exist`);
    if (info.isDirectory()) {
      const destDir = treeDestination(src.endsWith('/') ? `${path}/` : path, args.dest);
      return { tree: await probeTree(ctx, { src: path, dest: args.dest, destDir, remote: false }, walkControllerTree(path, localFollow)) };
    }
    const { content, vaulted } = decrypted(ctx, path, await readFile(path), args.decrypt !== false);
    checkSourceChecksum(content, args.checksum);
    const state = await probeContentFile(ctx, args.dest, content, basename(src), path, args.follow);
    const withMode = args.mode === 'preserve' ? { ...state, sourceMode: formatMode(info.mode & 0o7777) } : state;
    return vaulted ? { ...withMode, vaulted } : withMode;
  },
  plan(state, args) {
    if (isTree(state)) return planTree(state.tree, args);
    const plan = planContentFile(state, args);
    return state.vaulted ? hideSecretDiff(plan, state.dest) : plan;
  },
  apply(ctx, args, plan) {
    if ('steps' in plan.data) return applyTree(ctx, plan as ChangePlan<TreePlanData>);
    return applyContentFileWithPathInfo(ctx, args, plan as ChangePlan<ContentFilePlanData>);
  },
};
