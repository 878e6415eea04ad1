// copy of a directory (from the controller, or with remote_src from the host itself), as
// Ansible's copy action and module do it: `src/` copies what is inside into dest, `src` copies
// the directory itself into dest/<name>. Files are compared by checksum and uploaded only when
// they differ; `mode` applies to files, `directory_mode` to the source's directories, owner and
// group to both. local_follow (default yes) copies what links point to; no: links stay links.
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ChangePlan, Diff, ModuleContext, ModuleResult, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { AttributeChanges } from '../lib/attributes.ts';
import { attributesCommand, fileAttributeChanges, hasAttributeChanges } from '../lib/attributes.ts';
import { contentDiff, MAX_DIFF_BYTES, sha256 } from '../lib/diff.ts';
import { installFile } from '../lib/install.ts';
import type { ModeSpec } from '../lib/mode.ts';
import { formatMode } from '../lib/mode.ts';
import type { FileState } from '../lib/probe.ts';
import { probeFiles } from '../lib/probe.ts';
import { runOrFail } from '../lib/run.ts';
import { parsePathInfo, pathInfoOf, pathInfoScript } from '../lib/path-info.ts';

export interface TreeEntry {
  /** path below the destination directory */
  rel: string;
  kind: 'file' | 'directory' | 'link';
  /** controller files: the bytes to upload */
  content?: Buffer;
  /** remote_src files: where on the host they are copied from */
  hostPath?: string;
  sha256?: string;
  /** the source's own mode, for mode: preserve */
  mode: string;
  linkTarget?: string;
}

export interface CopyTreeState {
  /** as Ansible reports it: the controller path, or the host path given */
  src: string;
  /** dest as given, and what it is now */
  dest: string;
  destState: FileState;
  remote: boolean;
  /** the destination directory, ending in '/' as Ansible reports it */
  destDir: string;
  entries: TreeEntry[];
  /** the destination's state of each entry, in the same order */
  current: FileState[];
}

export interface CopyTreeArgs {
  mode?: ModeSpec | 'preserve';
  directory_mode?: ModeSpec;
  owner?: string;
  group?: string;
  force?: boolean;
}

export interface Step {
  entry: TreeEntry;
  dest: string;
  upload: boolean;
  attributes: AttributeChanges;
  mkdir?: boolean;
  relink?: boolean;
}

/** Where a directory source lands: inside dest for `src/`, as dest/<name> for `src`. */
export function treeDestination(src: string, dest: string): string {
  const base = src.endsWith('/') ? dest : posix.join(dest, posix.basename(src));
  return base.endsWith('/') ? base : `${base}/`;
}

/** The controller directory's entries (Ansible's _walk_dirs), files read whole. */
export function walkControllerTree(root: string, localFollow: boolean): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const walk = (dir: string, rel: string, seen: Set<string>) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const below = rel ? `${rel}/${name}` : name;
      const own = lstatSync(full);
      if (own.isSymbolicLink() && !localFollow) {
        entries.push({ rel: below, kind: 'link', mode: formatMode(own.mode & 0o7777), linkTarget: readlinkSync(full, 'utf8') });
        continue;
      }
      const info = statSync(full, { throwIfNoEntry: false });
      if (!info) continue; // a dangling link: nothing to copy
      if (info.isDirectory()) {
        const key = `${info.dev}:${info.ino}`;
        if (seen.has(key)) continue; // a link back up the tree
        entries.push({ rel: below, kind: 'directory', mode: formatMode(info.mode & 0o7777) });
        walk(full, below, new Set([...seen, key]));
      } else if (info.isFile()) {
        const content = readFileSync(full);
        entries.push({ rel: below, kind: 'file', content, sha256: sha256(content), mode: formatMode(info.mode & 0o7777) });
      }
    }
  };
  const top = statSync(root);
  walk(root, '', new Set([`${top.dev}:${top.ino}`]));
  return entries;
}

/** The host directory's entries for remote_src, in one round trip (find, then sha256sum). */
export async function walkHostTree(ctx: ModuleContext, root: string, localFollow: boolean): Promise<TreeEntry[]> {
  const q = shellQuote(root);
  const find = localFollow ? 'find -L' : 'find';
  const script = `cd ${q} || exit 3\n${find} . -mindepth 1 \\( -type f -o -type d -o -type l \\) -printf '%y %m %P\\n' | while IFS= read -r line; do
  printf '%s\\n' "$line"
  case $line in f*) p=\${line#* * }; printf 'sum '; sha256sum < "$p" || exit 4;; l*) p=\${line#* * }; printf 'to '; readlink -- "$p";; esac
done`;
  const r = await ctx.target.run(script);
  if (r.code === 3) throw new ModuleFailure(`Source ${root} not found`);
  if (r.code !== 0) throw new ModuleFailure(`cannot read ${root}: ${r.stderr.trim()}`, { rc: r.code });
  const entries: TreeEntry[] = [];
  for (const line of r.stdout.split('\n')) {
    const last = entries[entries.length - 1];
    if (line.startsWith('sum ') && last) last.sha256 = line.slice(4).split(' ')[0];
    else if (line.startsWith('to ') && last) last.linkTarget = line.slice(3);
    else if (/^[fdl] /.test(line)) {
      const [type, mode, ...rest] = line.split(' ');
      const rel = rest.join(' ');
      const kind = type === 'f' ? 'file' : type === 'd' ? 'directory' : 'link';
      entries.push({ rel, kind, mode: formatMode(Number.parseInt(mode, 8)), ...(kind === 'file' ? { hostPath: posix.join(root, rel) } : {}) });
    }
  }
  return entries;
}

/** The destination's side of every entry (and dest itself), in one round trip. */
export async function probeTree(
  ctx: ModuleContext,
  where: { src: string; dest: string; destDir: string; remote: boolean },
  entries: TreeEntry[],
): Promise<CopyTreeState> {
  const paths = [where.dest, ...entries.map((e) => posix.join(where.destDir, e.rel))];
  const [destState, ...current] = await probeFiles(ctx, paths, { content: ctx.diff, maxContentBytes: MAX_DIFF_BYTES });
  return { ...where, destState: destState!, entries, current };
}

function stepFor(entry: TreeEntry, current: FileState, dest: string, args: CopyTreeArgs): Step | undefined {
  const owners = { owner: args.owner, group: args.group };
  if (entry.kind === 'directory') {
    if (current.exists && current.type !== 'directory') throw new ModuleFailure(`${dest} already exists as a ${current.type}`);
    const attributes = fileAttributeChanges(current, { ...owners, mode: args.directory_mode }, true);
    if (!current.exists) return { entry, dest, upload: false, attributes, mkdir: true };
    return hasAttributeChanges(attributes) ? { entry, dest, upload: false, attributes } : undefined;
  }
  if (entry.kind === 'link') {
    if (current.type === 'directory') throw new ModuleFailure(`refusing to convert from directory to symlink for ${dest}`);
    const relink = !(current.type === 'link' && current.linkTarget === entry.linkTarget);
    const attributes = fileAttributeChanges(relink ? { path: dest, exists: false, type: 'link' } : current, owners, false);
    return relink || hasAttributeChanges(attributes) ? { entry, dest, upload: false, attributes, relink } : undefined;
  }
  if (current.type === 'directory') throw new ModuleFailure(`dest '${dest}' is a directory`);
  if (current.exists && args.force === false) return undefined;
  const mode = args.mode === 'preserve' ? entry.mode : args.mode;
  const upload = !current.exists || current.type !== 'file' || current.sha256 !== entry.sha256;
  const attributes = fileAttributeChanges(upload && current.type !== 'file' ? { path: dest, exists: false } : current, { ...owners, mode }, false);
  return upload || hasAttributeChanges(attributes) ? { entry, dest, upload, attributes } : undefined;
}

export interface TreePlanData {
  steps: Step[];
  directoryMode?: ModeSpec;
  remote: boolean;
  dest: string;
}

export function planTree(state: CopyTreeState, args: CopyTreeArgs): Plan<TreePlanData> {
  const steps: Step[] = [];
  const diff: Diff[] = [];
  state.entries.forEach((entry, i) => {
    const dest = posix.join(state.destDir, entry.rel);
    const step = stepFor(entry, state.current[i]!, dest, args);
    if (!step) return;
    steps.push(step);
    if (step.upload && entry.content) diff.push(contentDiff(dest, state.current[i]!, entry.content));
  });
  // Ansible's copy action reports dest with a trailing '/'; its module (remote_src) dest as given, no checksums
  const result = state.remote
    ? { dest: state.dest, src: state.src, checksum: null, md5sum: null, ...pathInfoOf(state.destState) }
    : { dest: state.dest.endsWith('/') ? state.dest : `${state.dest}/`, src: state.src };
  if (!steps.length) return { changed: false, result };
  return { changed: true, result, diff, data: { steps, directoryMode: args.directory_mode, remote: state.remote, dest: state.dest } };
}

/** Creates missing directories one by one from the first existing one, each with `mode` (Ansible's directory_mode). */
function makeDirs(paths: string[], mode: ModeSpec | undefined): string[] {
  if (!paths.length) return [];
  if (mode === undefined) return [`mkdir -p -- ${paths.map(shellQuote).join(' ')}`];
  const chmod = attributesCommand('$1', { mode }).replace("'$1'", '"$1"');
  return [`mkd() { [ -d "$1" ] && return 0; mkd "$(dirname -- "$1")" || return; mkdir -- "$1" && ${chmod}; }`, ...paths.map((p) => `mkd ${shellQuote(p)}`)];
}

/** Directories and links in one command, then each differing file through an atomic upload. */
export async function applyTree(ctx: ModuleContext, plan: ChangePlan<TreePlanData>): Promise<ModuleResult> {
  const { steps, directoryMode, remote } = plan.data;
  const parents = new Set(steps.filter((s) => s.upload || s.relink || s.mkdir).map((s) => posix.dirname(s.dest)));
  const lines = makeDirs([...parents], directoryMode);
  for (const step of steps) {
    const d = shellQuote(step.dest);
    if (step.mkdir) {
      lines.push(`mkdir -p -- ${d}`);
      // copytree keeps a host directory's mode; Ansible's file module leaves a controller one's to the umask
      const mode = directoryMode ?? (remote ? step.entry.mode : undefined);
      if (mode !== undefined && step.attributes.mode === undefined) lines.push(attributesCommand(step.dest, { mode }));
    }
    if (step.relink) lines.push(`ln -sfn -- ${shellQuote(step.entry.linkTarget!)} ${d}`);
    if (step.entry.hostPath && step.upload) lines.push(`cp -P --preserve=mode,timestamps -- ${shellQuote(step.entry.hostPath)} ${d}`);
    if (!step.entry.content || !step.upload) {
      if (hasAttributeChanges(step.attributes)) lines.push(attributesCommand(step.dest, step.attributes, { noDereference: step.entry.kind === 'link' }));
    }
  }
  if (remote) lines.push(pathInfoScript(plan.data.dest));
  const done = lines.length
    ? await runOrFail(ctx, lines.map((l) => (l.startsWith('mkd()') ? l : `${l} || exit $?`)).join('\n'), `cannot copy into ${plan.data.dest}`)
    : undefined;
  for (const step of steps) {
    if (step.upload && step.entry.content) await installFile(ctx, step.entry.content, step.dest, step.attributes);
  }
  return { ...plan.result, ...(remote && done ? parsePathInfo(done.stdout) : {}), changed: true };
}
