// Reads the state of one or more paths in ONE round trip of POSIX shell (GNU stat and
// sha256sum, as on Debian). Content travels base64-encoded so binary files survive.
import { createHash } from 'node:crypto';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { formatMode } from './mode.ts';

export type FileType = 'file' | 'directory' | 'link' | 'other';

export interface FileState {
  path: string;
  exists: boolean;
  type?: FileType;
  mode?: string; // '0644'
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  mtime?: number; // seconds since the epoch
  inode?: string; // 'device:inode', to recognise hard links
  links?: number; // hard link count
  sha256?: string; // regular files only
  linkTarget?: string; // symbolic links only
  content?: Buffer; // when asked for and not larger than maxContentBytes
}

export interface ProbeOptions {
  /** Also read the file's content. */
  content?: boolean;
  /** Content larger than this is not read (FileState.content stays undefined). */
  maxContentBytes?: number;
  /** Report what a symbolic link points to instead of the link itself (stat's follow). */
  follow?: boolean;
  /** Skip sha256sum (stat get_checksum: false). */
  checksum?: boolean;
}

export async function probeFile(ctx: ModuleContext, path: string, opts: ProbeOptions = {}): Promise<FileState> {
  const [state] = await probeFiles(ctx, [path], opts);
  return state;
}

export async function probeFiles(ctx: ModuleContext, paths: string[], opts: ProbeOptions = {}): Promise<FileState[]> {
  const script = probeScript(paths, opts);
  const result = await ctx.target.run(script);
  if (result.code !== 0) {
    throw new ModuleFailure(`cannot read the state of ${paths.join(', ')}: ${result.stderr.trim()}`, { rc: result.code, stderr: result.stderr });
  }
  return parseProbeOutput(paths, result.stdout);
}

export function probeScript(paths: string[], opts: ProbeOptions = {}): string {
  const follow = opts.follow === true;
  const lines = ['LC_ALL=C; export LC_ALL'];
  paths.forEach((path, index) => {
    const exists = follow ? '[ -e "$p" ]' : '{ [ -e "$p" ] || [ -L "$p" ]; }';
    const regular = follow ? '[ -f "$p" ]' : '[ -f "$p" ] && [ ! -L "$p" ]';
    const maxBytes = opts.maxContentBytes ?? -1;
    const readContent = opts.content
      ? `if [ ${maxBytes} -lt 0 ] || [ "$(stat -L -c %s -- "$p")" -le ${maxBytes} ]; then printf 'content '; base64 -w0 < "$p" || exit 3; echo; fi`
      : '';
    // Every process costs the target a fork and exec: the checksum of content read anyway is
    // computed on the controller (parseProbeOutput), and sha256sum prints straight to stdout.
    const wholeContent = opts.content === true && opts.maxContentBytes === undefined;
    const checksum = opts.checksum === false || wholeContent ? '' : `printf 'sha256 '; sha256sum < "$p" || exit 3`;
    const regularBody = [checksum, readContent].filter(Boolean).join('; ') || ':';
    lines.push(
      `p=${shellQuote(path)}; echo "== ${index}"`,
      `if ${exists}; then`,
      `  stat ${follow ? '-L ' : ''}-c 'stat %f %a %u %g %s %Y %d:%i %h %U %G' -- "$p" || exit 3`,
      `  if [ -L "$p" ]; then printf 'target '; readlink -- "$p" | base64 -w0; echo; fi`,
      `  if ${regular}; then ${regularBody}; fi`,
      'fi',
    );
  });
  return lines.join('\n');
}

export function parseProbeOutput(paths: string[], stdout: string): FileState[] {
  const states: FileState[] = paths.map((path) => ({ path, exists: false }));
  let current: FileState | undefined;
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    if (key === '==') current = states[Number(value)];
    else if (!current) continue;
    else if (key === 'stat') Object.assign(current, parseStat(value));
    else if (key === 'target') current.linkTarget = Buffer.from(value, 'base64').toString('utf8').replace(/\n$/, '');
    else if (key === 'sha256') current.sha256 = value.split(' ')[0];
    else if (key === 'content') current.content = Buffer.from(value, 'base64');
  }
  for (const state of states) {
    if (state.content && state.sha256 === undefined) state.sha256 = createHash('sha256').update(state.content).digest('hex');
  }
  return states;
}

function parseStat(value: string): Partial<FileState> {
  const [rawMode, perms, uid, gid, size, mtime, inode, links, owner, group] = value.split(' ');
  const format = Number.parseInt(rawMode, 16) & 0o170000;
  const type: FileType = format === 0o100000 ? 'file' : format === 0o040000 ? 'directory' : format === 0o120000 ? 'link' : 'other';
  return {
    exists: true,
    type,
    mode: formatMode(Number.parseInt(perms, 8)),
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    mtime: Number(mtime),
    inode,
    links: Number(links),
    owner,
    group,
  };
}
