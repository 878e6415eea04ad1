// Whether an archive is already unpacked, decided as Ansible's unarchive does: GNU tar's
// `--diff` lines it does not set anyway, or for zip a per-entry compare of type, mtime, size,
// CRC-32, mode and owner against the files on the host.
import { fnmatch } from '../lib/fnmatch.ts';

export type ArchiveHandler = 'ZipArchive' | 'TgzArchive' | 'TarArchive' | 'TarBzipArchive' | 'TarXzArchive' | 'TarZstdArchive';

/** GNU tar's compression flag per handler, tried in Ansible's order ('' lets tar detect it). */
export const TAR_FLAGS: [ArchiveHandler, string][] = [
  ['TgzArchive', '-z'],
  ['TarArchive', ''],
  ['TarBzipArchive', '-j'],
  ['TarXzArchive', '-J'],
  ['TarZstdArchive', '--use-compress-program=zstd'],
];

export interface FileArgs {
  owner?: string;
  group?: string;
  mode?: string | number;
}

/** `tar --list` output as Ansible's files_in_archive: no leading '/', excludes dropped. */
export function tarFiles(listing: string, excludes: string[]): string[] {
  const ex = excludes.map((e) => e.replace(/\/+$/, ''));
  return listing
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (l.startsWith('/') ? l.slice(1) : l))
    .filter((f) => !ex.some((e) => fnmatch(f, e)));
}

/** The `tar --diff` lines that mean "not unpacked" (Ansible's is_unarchived for tar), as root. */
export function tarDifferences(output: string, fileArgs: FileArgs, asRoot: boolean): string[] {
  return output
    .split('\n')
    .filter((line) => {
      if (/: : Warning: Cannot stat: No such file or directory$/.test(line)) return false;
      if (asRoot && !fileArgs.owner && /: Uid differs$/.test(line)) return true;
      if (asRoot && !fileArgs.group && /: Gid differs$/.test(line)) return true;
      if (fileArgs.mode === undefined && /: Mode differs$/.test(line)) return true;
      return /: Mod time differs$|: Warning: Cannot stat: No such file or directory$|: Invalid owner|: Invalid group/.test(line);
    })
    .map((l) => l.trim());
}

export interface ZipEntry {
  type: 'd' | 'f' | 'L';
  perm: string;
  size: number;
  /** zipinfo -T local time 'YYYYMMDD.HHMMSS' */
  stamp: string;
  path: string;
  crc?: string;
}

/** `zipinfo -T -s` lines (header and footer skipped as Ansible does) with CRCs from `unzip -v`. */
export function zipEntries(zipinfo: string, unzipV: string, excludes: string[]): ZipEntry[] {
  const crcs = new Map<string, string>();
  for (const line of unzipV.split('\n')) {
    const m = /^\s*\d+\s+\S+\s+\d+\s+\S+\s+\S+\s+\S+\s+([0-9a-f]{8})\s{2}(.*)$/.exec(line);
    if (m) crcs.set(m[2]!, m[1]!);
  }
  const entries: ZipEntry[] = [];
  for (const line of zipinfo.split('\n')) {
    const pcs = splitN(line, 8);
    if (pcs.length !== 8) continue;
    const [perm, , , size, , , stamp, path] = pcs as [string, string, string, string, string, string, string, string];
    if ((perm.length !== 7 && perm.length !== 10) || stamp.length !== 15) continue;
    if (!'dl-?'.includes(perm[0]!) || ![...perm.slice(1)].every((c) => 'rwxstah-'.includes(c))) continue;
    if (excludes.includes(path)) continue;
    const type = path.endsWith('/') ? 'd' : perm[0] === 'l' ? 'L' : 'f';
    entries.push({ type, perm: perm.slice(1), size: Number(size), stamp, path, crc: crcs.get(path) });
  }
  return entries;
}

function splitN(line: string, n: number): string[] {
  const out: string[] = [];
  let rest = line.trimStart();
  while (rest !== '' && out.length < n - 1) {
    const m = /^(\S+)\s*/.exec(rest)!;
    out.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  if (rest !== '') out.push(rest);
  return out;
}

/** One path on the host as the stat script reports it. */
export interface HostFile {
  kind: 'file' | 'directory' | 'link' | 'other';
  size: number;
  /** local time 'YYYYMMDD.HHMMSS', '' when the mtime has a fraction */
  stamp: string;
  mode: number;
  owner: string;
  group: string;
  crc?: string;
}

/** The zip entry's mode as unzip sets it (FAT permissions get the umask). */
export function zipMode(entry: ZipEntry, umask: number): number {
  let perm = entry.perm;
  let mask = 0;
  if (perm.length === 6) {
    perm = entry.path.endsWith('/') || perm === 'rwx---' ? 'rwxrwxrwx' : 'rw-rw-rw-';
    mask = umask;
  }
  let mode = 0;
  const rev = [...perm].reverse();
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) if ('rwxst'.includes(rev[i + 3 * j]!)) mode += 2 ** (i + 3 * j);
  return mode & ~mask;
}

/** Ansible's itemized line ('>f++++++.?? a.txt', '.f..t......?? a.txt') per entry that differs. */
export function zipDifferences(
  entries: ZipEntry[],
  host: Map<string, HostFile>,
  want: { mode?: number; owner: string; group: string; umask: number },
  keepNewer: boolean,
): string[] {
  const diff: string[] = [];
  for (const e of entries) {
    const st = host.get(e.path.replace(/\/$/, ''));
    if (!st) {
      diff.push(`>${e.type}++++++.?? ${e.path}`);
      continue;
    }
    const wrongType = (e.type === 'd' && st.kind !== 'directory') || (e.type === 'f' && st.kind !== 'file') || (e.type === 'L' && st.kind !== 'link');
    if (wrongType) {
      diff.push(`c${e.type}++++++.?? ${e.path}`);
      continue;
    }
    const item = [...`.${e.type}.......??`];
    let change = false;
    if (st.kind === 'file') {
      if (keepNewer ? e.stamp > st.stamp : e.stamp !== st.stamp) {
        change = true;
        item[4] = 't';
      }
      if (e.size !== st.size) {
        change = true;
        item[3] = 's';
      }
      if (e.crc !== undefined && st.crc !== undefined && e.crc !== st.crc) {
        change = true;
        item[2] = 'c';
      }
    }
    if (e.type !== 'L' && (want.mode ?? zipMode(e, want.umask)) !== st.mode) {
      change = true;
      item[5] = 'p';
    }
    if (st.owner !== want.owner) {
      change = true;
      item[6] = 'o';
    } else if (st.group !== want.group) {
      change = true;
      item[6] = 'g';
    }
    if (change) diff.push(`${item.join('')} ${e.path}`);
  }
  return diff;
}
