// The diff Ansible's file module returns in every mode (registered, shown with --diff):
// {before: {path, ...}, after: {path, ...}} with state when it changes (and, when a directory
// goes, what was in it), a link's old and new src, owner/group as ids, mode as '0644', times.
import type { ReturnedDiff } from '../module.ts';
import type { AttributeChanges } from '../lib/attributes.ts';
import type { FileState } from '../lib/probe.ts';
import type { PathInfo } from '../lib/path-info.ts';

export type FileDiff = ReturnedDiff;

/** Ansible's initial_diff: the path, and the state when it changes. */
export function initialDiff(path: string, want: string, prevState: string, pathContent?: { directories: string[]; files: string[] }): FileDiff {
  const diff: FileDiff = { before: { path }, after: { path } };
  if (prevState !== want) {
    diff.before.state = prevState;
    diff.after.state = want;
    if (want === 'absent' && prevState === 'directory' && pathContent) diff.before.path_content = pathContent;
  }
  return diff;
}

/** set_fs_attributes_if_different's entries: owner/group as ids where known (names until applied). */
export function addAttributeDiff(diff: FileDiff, current: FileState, changes: AttributeChanges): void {
  if (changes.owner !== undefined) {
    diff.before.owner = current.uid;
    diff.after.owner = /^\d+$/.test(changes.owner) ? Number(changes.owner) : changes.owner;
  }
  if (changes.group !== undefined) {
    diff.before.group = current.gid;
    diff.after.group = /^\d+$/.test(changes.group) ? Number(changes.group) : changes.group;
  }
  if (changes.mode !== undefined) {
    diff.before.mode = current.mode;
    diff.after.mode = changes.mode;
  }
}

/** update_timestamp_for_file's entries for the times that change. */
export function addTimeDiff(diff: FileDiff, times: { atime?: number; mtime?: number }, wanted: { atime?: number; mtime?: number }): void {
  for (const key of ['mtime', 'atime'] as const) {
    if (wanted[key] === undefined || wanted[key] === times[key]) continue;
    diff.before[key] = times[key];
    diff.after[key] = wanted[key];
  }
}

/** After apply: the owner and group the host resolved, as Ansible's diff shows them (ids). */
export function withResolvedIds(diff: FileDiff, info: PathInfo | undefined): FileDiff {
  if (!info) return diff;
  const after = { ...diff.after };
  if (typeof after.owner === 'string') after.owner = info.uid;
  if (typeof after.group === 'string') after.group = info.gid;
  return { before: diff.before, after };
}

/** find -printf 'walk %Y %p' lines -> os.walk's directories and files below a directory. */
export function parseWalk(stdout: string): { directories: string[]; files: string[] } | undefined {
  const lines = stdout.split('\n').filter((l) => l.startsWith('walk '));
  if (!lines.length && !stdout.includes('walked')) return undefined;
  const directories: string[] = [];
  const files: string[] = [];
  for (const line of lines) (line[5] === 'd' ? directories : files).push(line.slice(7));
  return { directories, files };
}
