// What Ansible's exit_json adds to every result naming an existing `path` or `dest`
// (AnsibleModule.add_path_info): uid, gid, owner, group, mode, state, size, read with lstat.
// Scripts print it after a change in the same round trip; unchanged paths take it from the probe.
import { shellQuote } from '../../connection/connection.ts';
import type { FileState } from './file-state.ts';
import { formatMode } from './mode.ts';

export interface PathInfo {
  uid: number;
  gid: number;
  owner: string;
  group: string;
  mode: string;
  state: 'file' | 'directory' | 'link' | 'hard';
  size: number;
}

/** Shell line printing `pathinfo ...` for an existing path (nothing when it is absent). */
export function pathInfoScript(path: string): string {
  const q = shellQuote(path);
  return `if [ -e ${q} ] || [ -L ${q} ]; then stat -c 'pathinfo %u %g %a %s %F|%h|%U|%G' -- ${q}; fi`;
}

/** The `pathinfo` line of a script's output, or undefined when the path was absent. */
export function parsePathInfo(stdout: string): PathInfo | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('pathinfo '));
  if (!line) return undefined;
  const [uid, gid, mode, size, ...rest] = line.slice('pathinfo '.length).split(' ');
  const [type, links, owner, group] = rest.join(' ').split('|');
  const kind = type === 'symbolic link' ? 'link' : type === 'directory' ? 'directory' : Number(links) > 1 ? 'hard' : 'file';
  return {
    uid: Number(uid),
    gid: Number(gid),
    // getpwuid's KeyError: Ansible reports the number
    owner: owner === 'UNKNOWN' ? uid : owner,
    group: group === 'UNKNOWN' ? gid : group,
    mode: formatMode(Number.parseInt(mode, 8)),
    state: kind,
    size: Number(size),
  };
}

/** The same facts from a probe's (lstat) state, for results of paths nothing changed. */
export function pathInfoOf(state: FileState): PathInfo | undefined {
  if (!state.exists || state.uid === undefined || state.gid === undefined) return undefined;
  const kind = state.type === 'link' ? 'link' : state.type === 'directory' ? 'directory' : (state.links ?? 1) > 1 ? 'hard' : 'file';
  return {
    uid: state.uid,
    gid: state.gid,
    owner: state.owner === undefined || state.owner === 'UNKNOWN' ? String(state.uid) : state.owner,
    group: state.group === undefined || state.group === 'UNKNOWN' ? String(state.gid) : state.group,
    mode: state.mode ?? '0000',
    state: kind,
    size: state.size ?? 0,
  };
}
