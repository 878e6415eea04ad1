// What copy, template and lineinfile share: a file whose whole content is decided on the
// controller. Compare sha256 first; upload (atomically) only when it differs.
import { posix } from 'node:path';
import type { ChangePlan, Diff, ModuleContext, ModuleResult, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { AttributeArgs, AttributeChanges } from './attributes.ts';
import { attributeDiff, attributesCommand, fileAttributeChanges, hasAttributeChanges } from './attributes.ts';
import type { PathInfo } from './path-info.ts';
import { parsePathInfo, pathInfoOf, pathInfoScript } from './path-info.ts';
import { createHash } from 'node:crypto';
import { contentDiff, MAX_DIFF_BYTES, sha256 } from './diff.ts';
import { checkValidateCommand, installFile } from './install.ts';
import { checkModeSpec, modeSchema } from './mode.ts';
import type { FileState } from './probe.ts';
import { probeFiles } from './probe.ts';
import { runOrFail } from './run.ts';
import { shellQuote } from '../../connection/connection.ts';

export interface ContentFileArgs extends AttributeArgs {
  dest: string;
  backup?: boolean;
  validate?: string;
  /** false: leave an existing file alone (Ansible's force: no). */
  force?: boolean;
  /** copy/template: write through a symbolic link at dest instead of replacing it */
  follow?: boolean;
}

export interface ContentFileState {
  dest: string;
  file: FileState;
  content: Buffer;
  /** Controller path the content came from, reported back as `src`. */
  src?: string;
  /** dest was given as 'dir/': the directory is created when missing, as Ansible does. */
  createParent?: boolean;
  /** copy/template `mode: preserve`: the source's mode, which replaces args.mode in the plan */
  sourceMode?: string;
}

export interface ContentFilePlanData {
  dest: string;
  content: Buffer;
  upload: boolean;
  attributes: AttributeChanges;
  createParent: boolean;
}

/** Load-time checks every content-file module shares: a valid mode and validate command. */
export function checkContentFileArgs(args: ContentFileArgs): void {
  if (args.mode !== undefined && args.mode !== 'preserve') checkModeSpec(args.mode);
  checkValidateCommand(args.validate);
}

export const contentFileProperties = {
  mode: modeSchema,
  owner: { type: 'string' },
  group: { type: 'string' },
  backup: { type: 'boolean' },
  validate: { type: 'string' },
  force: { type: 'boolean' },
  // warren always writes through a temp file and a rename; Ansible's fallback is never needed
  unsafe_writes: { type: 'boolean' },
};

/** copy/template `follow`: a symbolic link at dest means its target (Ansible's realpath). */
async function followDest(ctx: ModuleContext, dest: string): Promise<string> {
  const q = shellQuote(dest);
  const result = await runOrFail(ctx, `if [ -L ${q} ]; then readlink -f -- ${q}; fi`, `cannot resolve the link ${dest}`);
  return result.stdout.replace(/\n$/, '') || dest;
}

/**
 * Probes dest in one round trip. With `srcName`, a dest ending in '/' or naming an existing
 * directory means dest/srcName, as in Ansible.
 */
export async function probeContentFile(
  ctx: ModuleContext,
  givenDest: string,
  content: Buffer,
  srcName?: string,
  src?: string,
  follow = false,
): Promise<ContentFileState> {
  const dest = follow && !givenDest.endsWith('/') ? await followDest(ctx, givenDest) : givenDest;
  const inside = srcName ? posix.join(dest, srcName) : undefined;
  if (dest.endsWith('/') && !inside) throw new ModuleFailure(`dest '${dest}' is a directory: give a file name`);
  const opts = { content: ctx.diff, maxContentBytes: MAX_DIFF_BYTES };
  if (dest.endsWith('/') && inside) {
    const [file] = await probeFiles(ctx, [inside], opts);
    return { dest: inside, file, content, src, createParent: true };
  }
  const [file, insideFile] = await probeFiles(ctx, inside ? [dest, inside] : [dest], opts);
  if (file.type === 'directory' && inside && insideFile) return { dest: inside, file: insideFile, content, src };
  return { dest, file, content, src };
}

/** copy and template also take `mode: preserve` (the source file's mode). */
export const preservableModeSchema = { anyOf: [...modeSchema.anyOf, { const: 'preserve' }] };

export function planContentFile(state: ContentFileState, givenArgs: ContentFileArgs): Plan<ContentFilePlanData> {
  const args = state.sourceMode !== undefined ? { ...givenArgs, mode: state.sourceMode } : givenArgs;
  const { file, dest, content } = state;
  const checksum = sha256(content);
  // Ansible returns sha1 `checksum` and `md5sum` of the content; sha256 is what warren compares.
  const result = {
    dest,
    checksum: createHash('sha1').update(content).digest('hex'),
    md5sum: createHash('md5').update(content).digest('hex'),
    size: content.length,
    state: 'file',
    ...(state.src ? { src: state.src } : {}),
    // what Ansible's add_path_info reads from dest as it is now (the new file's after apply)
    ...(file.type === 'file' ? pathInfoOf(file) : {}),
  };
  if (file.type === 'directory') throw new ModuleFailure(`dest '${dest}' is a directory`, result);
  if (file.exists && args.force === false) return { changed: false, result, msg: `${dest} exists and force is false` };
  // A symbolic link at dest is replaced by a regular file (it has no checksum of its own).
  const upload = !file.exists || file.type !== 'file' || file.sha256 !== checksum;
  const attributes = fileAttributeChanges(upload && file.type !== 'file' ? { path: dest, exists: false } : file, args, false);
  const diff: Diff[] = [];
  if (upload) diff.push(contentDiff(dest, file, content));
  if (hasAttributeChanges(attributes)) diff.push(attributeDiff(file, attributes));
  const data: ContentFilePlanData = { dest, content, upload, attributes, createParent: state.createParent === true && !file.exists };
  return { changed: upload || hasAttributeChanges(attributes), diff, result, data };
}

async function installContentFile(ctx: ModuleContext, args: ContentFileArgs, data: ContentFilePlanData): Promise<{ backupFile?: string; info?: PathInfo }> {
  if (data.upload) {
    if (data.createParent) await runOrFail(ctx, `mkdir -p -- ${shellQuote(posix.dirname(data.dest))}`, 'cannot create the destination directory');
    return installFile(ctx, data.content, data.dest, { ...data.attributes, validate: args.validate, backup: args.backup });
  }
  const done = await runOrFail(
    ctx,
    `${attributesCommand(data.dest, data.attributes)}\n${pathInfoScript(data.dest)}`,
    `cannot set owner/group/mode of ${data.dest}`,
  );
  return { info: parsePathInfo(done.stdout) };
}

/** lineinfile, replace, blockinfile: Ansible's result names no path, so it carries no path facts. */
export async function applyContentFile(ctx: ModuleContext, args: ContentFileArgs, plan: ChangePlan<ContentFilePlanData>): Promise<ModuleResult> {
  const { backupFile } = await installContentFile(ctx, args, plan.data);
  return { ...plan.result, changed: true, ...(backupFile ? { backup_file: backupFile } : {}) };
}

/** copy, template: the result names dest, so it also carries dest's owner, mode, size... as installed. */
export async function applyContentFileWithPathInfo(ctx: ModuleContext, args: ContentFileArgs, plan: ChangePlan<ContentFilePlanData>): Promise<ModuleResult> {
  const { backupFile, info } = await installContentFile(ctx, args, plan.data);
  return { ...plan.result, ...info, changed: true, ...(backupFile ? { backup_file: backupFile } : {}) };
}
