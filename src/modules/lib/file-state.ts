// What a probe learns about a path (FileState) and how probeScript's output is read into it.
import { createHash } from 'node:crypto';
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
  /** ProbeOptions.checksumAlgorithm's digest of a regular file */
  digest?: string;
  /** ProbeOptions.details: what Ansible's stat reports beyond the basics */
  details?: FileDetails;
}

export interface FileDetails {
  /** seconds since the epoch, with the fraction (os.stat's float) */
  atime: number;
  mtime: number;
  ctime: number;
  blocks: number;
  blockSize: number;
  /** st_rdev, as glibc's makedev encodes major and minor */
  rdev: number;
  dev: number;
  inode: number;
  /** the raw st_mode, for the type and set-id bits */
  rawMode: number;
  readable: boolean;
  writeable: boolean;
  executable: boolean;
  /** `file --mime-type --mime-encoding`, when asked for and `file` is installed */
  mimetype?: string;
  charset?: string;
}

export const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface ProbeOptions {
  /** Also read the file's content. */
  content?: boolean;
  /** Content larger than this is not read (FileState.content stays undefined). */
  maxContentBytes?: number;
  /** Report what a symbolic link points to instead of the link itself (stat's follow). */
  follow?: boolean;
  /** Skip sha256sum (stat get_checksum: false). */
  checksum?: boolean;
  /** Also a digest with this algorithm (coreutils' <alg>sum), in FileState.digest. */
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Also times with fractions, blocks, device numbers, access for the connecting user (stat). */
  details?: boolean;
  /** With details: the mime type and charset from `file`, when installed. */
  mime?: boolean;
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
    else if (key === 'digest') current.digest = value.split(' ')[0];
    else if (key === 'xstat') current.details = { ...current.details, ...parseDetails(value) } as FileDetails;
    else if (key === 'access') Object.assign((current.details ??= {} as FileDetails), accessOf(value));
    else if (key === 'mime' && current.details) Object.assign(current.details, mimeOf(value));
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

/** glibc's makedev: st_rdev from the major and minor numbers. */
function makedev(major: number, minor: number): number {
  return Number((BigInt(major & 0xfff) << 8n) | BigInt(minor & 0xff) | (BigInt(minor & ~0xff) << 12n) | (BigInt(major & ~0xfff) << 32n));
}

function parseDetails(value: string): Partial<FileDetails> {
  const [atime, mtime, ctime, blocks, blockSize, major, minor, dev, inode, rawMode] = value.split(' ');
  return {
    atime: Number(atime),
    mtime: Number(mtime),
    ctime: Number(ctime),
    blocks: Number(blocks),
    blockSize: Number(blockSize),
    rdev: makedev(Number.parseInt(major, 16), Number.parseInt(minor, 16)),
    dev: Number(dev),
    inode: Number(inode),
    rawMode: Number.parseInt(rawMode, 16),
  };
}

function accessOf(flags: string): Pick<FileDetails, 'readable' | 'writeable' | 'executable'> {
  return { readable: flags.includes('r'), writeable: flags.includes('w'), executable: flags.includes('x') };
}

/** `text/plain; charset=us-ascii` -> mimetype and charset ('unknown' when `file` could not tell). */
function mimeOf(value: string): Pick<FileDetails, 'mimetype' | 'charset'> {
  const [type = '', params = ''] = value.split(';');
  const charset = /charset=(\S+)/.exec(params)?.[1];
  return { mimetype: type.trim() || 'unknown', charset: charset ?? 'unknown' };
}
