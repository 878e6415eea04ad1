// What community.general.archive would put in an archive, as pure functions: the archive root
// (longest common directory), member names, and a comparable signature per member, so a plan
// knows whether rebuilding would change the archive (Ansible compares tar header checksums or
// zip CRCs of the old and the new archive).
import { fnmatch } from '../lib/fnmatch.ts';

export type ArchiveFormat = 'gz' | 'bz2' | 'xz' | 'tar' | 'zip' | 'zstd';

/** One path under a source, as `find -printf '%M|%u/%g|%s|%T+|%l|%p'` reports it (+ crc for zip). */
export interface SourceEntry {
  perms: string;
  owner: string;
  size: number;
  /** local 'YYYY-MM-DD HH:MM:SS' (no fraction) */
  time: string;
  link: string;
  path: string;
  crc?: string;
}

/** Ansible's common_path: the common prefix of the paths' parent directories, cut to a directory, with '/'. */
export function commonRoot(paths: string[]): string {
  const parents = paths.map((p) => `${p.slice(0, Math.max(p.lastIndexOf('/'), 0))}/`);
  let prefix = parents[0] ?? '';
  for (const p of parents) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const dir = prefix.slice(0, Math.max(prefix.lastIndexOf('/'), 0));
  return dir === '' && prefix.startsWith('/') ? '/' : dir ? `${dir}/` : '';
}

export function arcName(root: string, path: string): string {
  return path.startsWith(root) ? path.slice(root.length) : path;
}

export function isArchiveName(path: string): boolean {
  return /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2|tzst|zip)$/i.test(path.slice(path.lastIndexOf('/') + 1));
}

/** Members of the archive: every path under a directory target (not the directory itself), or the file. */
export function members(
  targets: { path: string; isDir: boolean }[],
  entries: SourceEntry[],
  root: string,
  exclusion: string[],
  format: ArchiveFormat,
): SourceEntry[] {
  const out: SourceEntry[] = [];
  for (const t of targets) {
    for (const e of entries) {
      const inside = t.isDir ? e.path.startsWith(`${t.path}/`) : e.path === t.path;
      if (!inside) continue;
      const tested = format === 'zip' ? e.path : arcName(root, e.path);
      if (exclusion.some((p) => fnmatch(tested, p))) continue;
      out.push(e);
    }
  }
  return out;
}

/** A member as `tar -tv --full-time` lists it, for comparing with an existing archive. */
export function tarSignature(e: SourceEntry, root: string): string {
  const dir = e.perms.startsWith('d');
  const size = e.perms.startsWith('-') ? e.size : 0;
  const name = arcName(root, e.path) + (dir ? '/' : '');
  return `${e.perms} ${e.owner} ${size} ${e.time} ${name}${e.perms.startsWith('l') ? ` -> ${e.link}` : ''}`;
}

/** `tar -tv --full-time` lines, whitespace runs folded, as tarSignature writes them. */
export function tarListingSignatures(listing: string): string[] {
  return listing
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(\S+)\s+(\S+)\s+(\d+)\s+(\S+ \S+)\s(.*)$/.exec(l);
      return m ? `${m[1]} ${m[2]} ${m[3]} ${m[4]} ${m[5]}` : l;
    })
    .sort();
}

/** A zip member as (name, CRC-32), Ansible's zip comparison. */
export function zipSignature(e: SourceEntry, root: string): string {
  const dir = e.perms.startsWith('d');
  return `${arcName(root, e.path)}${dir ? '/' : ''} ${dir ? '00000000' : (e.crc ?? '')}`;
}

/** `unzip -v` lines as zipSignature writes them. */
export function zipListingSignatures(listing: string): string[] {
  const out: string[] = [];
  for (const line of listing.split('\n')) {
    const m = /^\s*\d+\s+\S+\s+\d+\s+\S+\s+\S+\s+\S+\s+([0-9a-f]{8})\s{2}(.*)$/.exec(line);
    if (m) out.push(`${m[2]} ${m[1]}`);
  }
  return out.sort();
}
