// The pure half of the file module: (current state, desired state) -> the shell steps to run.
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { AttributeArgs, AttributeChanges } from '../lib/attributes.ts';
import { attributesCommand, fileAttributeChanges, hasAttributeChanges } from '../lib/attributes.ts';
import { pathInfoOf } from '../lib/path-info.ts';
import { addAttributeDiff, addTimeDiff, initialDiff } from './file-diff.ts';
import type { FileState, FileType } from '../lib/probe.ts';
import type { CurrentTimes, FileTimeArgs, TimeWish } from './file-times.ts';
import { timeSteps, timeWishes } from './file-times.ts';

export type FileStateName = 'file' | 'directory' | 'touch' | 'absent' | 'link' | 'hard';

/** After alias folding (dest, name -> path). */
export interface FileArgs extends AttributeArgs, FileTimeArgs {
  path: string;
  /** default true: act on a link's target (file/directory/touch, and links met by recurse) */
  follow?: boolean;
  attributes?: string;
  _diff_peek?: boolean;
  state?: FileStateName;
  src?: string;
  recurse?: boolean;
  force?: boolean;
}

/** One entry below a directory, for recurse. */
export interface TreeEntry {
  type: FileType;
  mode: string;
  uid: number;
  gid: number;
  owner: string;
  group: string;
}

export interface FileModuleState {
  target: FileState;
  /** For link/hard: the link source (relative link sources resolved against the link's directory). */
  src?: FileState;
  /** For recurse: everything below the directory. */
  tree?: TreeEntry[];
  times?: CurrentTimes;
  /** state=absent on a directory: what is below it (Ansible's diff path_content) */
  walk?: { directories: string[]; files: string[] };
  /** _diff_peek's answer: nothing else is probed or planned */
  diffPeek?: boolean;
}

/** Ansible's default: the current kind of the path, else 'file' (or 'directory' with recurse). */
export function desiredState(args: FileArgs, current: FileState): FileStateName {
  if (args.state) return args.state;
  if (args.recurse) return 'directory';
  if (current.type === 'directory') return 'directory';
  if (current.type === 'link') return 'link';
  return 'file';
}

function describe(state: FileState): string {
  if (!state.exists) return 'absent';
  return state.type === 'file' && (state.links ?? 1) > 1 ? 'hard' : (state.type ?? 'file');
}

/** Ansible's result keys: touch names `dest`, links `dest` and `src`, the rest `path`. */
function resultKeys(path: string, want: FileStateName, linkSrc: string | undefined): Record<string, unknown> {
  if (want === 'touch') return { dest: path, state: want };
  if (want === 'link' || want === 'hard') return { dest: path, ...(linkSrc !== undefined ? { src: linkSrc } : {}), state: want };
  return { path, state: want };
}

export function planFile(state: FileModuleState, args: FileArgs): Plan<string[]> {
  const { path } = args;
  const current = state.target;
  const want = desiredState(args, current);
  const before = describe(current);
  // Ansible's get_state calls anything that is not a link or directory a file
  const prev = before === 'other' ? 'file' : before;
  const steps: string[] = [];
  let changed = false;
  const q = shellQuote(path);

  if (want === 'absent') {
    const result = { path, state: 'absent' };
    if (!current.exists) return { changed: false, result };
    return { changed: true, result: { ...result, diff: initialDiff(path, 'absent', prev, state.walk) }, data: [`rm -rf -- ${q}`] };
  }
  // An existing link keeps its target when only its owner/group is managed.
  const linkSrc = args.src ?? (want === 'link' && current.type === 'link' ? current.linkTarget : undefined);
  const result: Record<string, unknown> = { ...resultKeys(path, want, linkSrc), ...pathInfoOf(current) };
  if ((want === 'link' || want === 'hard') && linkSrc === undefined) throw new ModuleFailure(`src is required for state=${want}`, result);

  if (want === 'file') {
    if (!current.exists) throw new ModuleFailure(`file (${path}) is absent, cannot continue`, result);
    if (current.type !== 'file') throw new ModuleFailure(`file (${path}) is ${before}, cannot continue`, result);
  } else if (want === 'directory') {
    if (current.exists && current.type !== 'directory') throw new ModuleFailure(`${path} already exists as a ${before}`, result);
    if (!current.exists) steps.push(`mkdir -p -- ${q}`);
  } else if (want === 'touch') {
    if (!current.exists) steps.push(`touch -- ${q}`);
  } else if (want === 'link') {
    steps.push(...planSymlink(path, current, state.src, { ...args, src: linkSrc }, result));
  } else {
    steps.push(...planHardLink(path, current, state.src, args, result));
  }
  const diff = initialDiff(path, want, prev);
  if (steps.length) changed = true;
  if ((want === 'link' || want === 'hard') && current.type === 'link' && current.linkTarget !== linkSrc) {
    diff.before.src = current.linkTarget;
    diff.after.src = linkSrc;
  }

  const isDir = want === 'directory' || current.type === 'directory';
  const replaced = steps.length > 0 && want !== 'touch';
  const attrBase: FileState = replaced ? { path, exists: false, type: current.type } : current;
  const attrs: AttributeChanges = fileAttributeChanges(want === 'link' ? { ...attrBase, type: 'link' } : attrBase, args, isDir);
  if (hasAttributeChanges(attrs)) {
    changed = true;
    steps.push(attributesCommand(path, attrs, { noDereference: want === 'link' }));
    // a path made by this task is compared with nothing, as in Ansible's check mode
    if (!replaced && current.exists) addAttributeDiff(diff, current, attrs);
  }
  // recursive changes are not in Ansible's diff
  if (want === 'directory' && args.recurse && treeNeedsChange(state.tree ?? [], args)) {
    changed = true;
    steps.push(attributesCommand(path, args, { recurse: true, followLinks: args.follow !== false }));
  }
  // touch sets both times to now unless told otherwise (Ansible: then it always changes)
  const times = state.times ?? {};
  const wishes = timeWishes(args, want === 'touch', times);
  const created = !current.exists;
  const timeChanges = timeSteps(path, created ? { atime: nowIsDone(wishes.atime), mtime: nowIsDone(wishes.mtime) } : wishes, times, want === 'link');
  if (timeChanges.length) {
    changed = true;
    steps.push(...timeChanges);
    if (!created) addTimeDiff(diff, times, wantedTimes(wishes, times));
  }
  return { changed, result: { ...result, diff }, data: steps };
}

/** The times the wishes set, for the diff: 'now' is the host's clock at the probe. */
function wantedTimes(wishes: ReturnType<typeof timeWishes>, times: CurrentTimes): { atime?: number; mtime?: number } {
  const one = (wish: TimeWish, current: number | undefined) =>
    wish === 'preserve' ? undefined : wish === 'now' ? times.now : current !== undefined && Math.floor(current) === wish ? undefined : wish;
  return { atime: one(wishes.atime, times.atime), mtime: one(wishes.mtime, times.mtime) };
}

/** A path just created already has the current times. */
function nowIsDone(wish: ReturnType<typeof timeWishes>['atime']) {
  return wish === 'now' ? 'preserve' : wish;
}

function planSymlink(path: string, current: FileState, src: FileState | undefined, args: FileArgs, result: Record<string, unknown>): string[] {
  const q = shellQuote(path);
  const link = `ln -s -- ${shellQuote(args.src!)} ${q}`;
  if (!args.force && src && !src.exists) {
    throw new ModuleFailure(`src file does not exist, use "force=yes" if you really want to create the link: ${src.path}`, result);
  }
  if (!current.exists) return [link];
  if (current.type === 'link') return current.linkTarget === args.src ? [] : [`rm -f -- ${q}`, link];
  if (current.type === 'directory') {
    if (!args.force) throw new ModuleFailure(`refusing to convert from directory to symlink for ${path}`, result);
    return [`rmdir -- ${q}`, link];
  }
  if (!args.force) throw new ModuleFailure(`refusing to convert from ${describe(current)} to symlink for ${path}`, result);
  return [`rm -f -- ${q}`, link];
}

function planHardLink(path: string, current: FileState, src: FileState | undefined, args: FileArgs, result: Record<string, unknown>): string[] {
  if (!src?.exists) throw new ModuleFailure(`src does not exist: ${args.src}`, result);
  const link = `ln -f -- ${shellQuote(args.src!)} ${shellQuote(path)}`;
  if (!current.exists) return [link];
  if (current.inode === src.inode) return [];
  if (current.type === 'directory') throw new ModuleFailure(`${path} already exists as a directory`, result);
  if (!args.force && describe(current) !== 'hard') throw new ModuleFailure(`Cannot link, ${describe(current)} exists at destination: ${path}`, result);
  return [link];
}

export function treeNeedsChange(tree: TreeEntry[], args: FileArgs): boolean {
  return tree.some((entry) => {
    const state: FileState = { path: '', exists: true, ...entry };
    return hasAttributeChanges(fileAttributeChanges(state, args, entry.type === 'directory'));
  });
}

/** Where a relative symlink source points, seen from the link's directory. */
export function resolveLinkSource(path: string, src: string, state: FileStateName): string {
  return state === 'link' && !posix.isAbsolute(src) ? posix.join(posix.dirname(path), src) : src;
}
