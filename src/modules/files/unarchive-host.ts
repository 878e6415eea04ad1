// Host-side reads for unarchive: which handler takes the archive (Ansible's order: zip, then
// GNU tar with -z, none, -j, -J, zstd), its listing and `tar --diff`, and the state of the
// listed paths, each in one round trip.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ArchiveHandler, HostFile } from './unarchive-check.ts';
import { TAR_FLAGS } from './unarchive-check.ts';

export interface TarOptions {
  flag: string;
  extraOpts: string[];
  excludes: string[];
  includes: string[];
  owner?: string;
  group?: string;
  keepNewer?: boolean;
}

/** A GNU tar command line (Ansible's argument order) for --list, --diff or --extract. */
export function tarCommand(action: '--list' | '--diff' | '--extract', src: string, dest: string, o: TarOptions): string {
  return tarWords(action, src, dest, o).map(shellQuote).join(' ');
}

/** The words of tarCommand (Ansible returns extract_results.cmd as such a list). */
export function tarWords(action: '--list' | '--diff' | '--extract', src: string, dest: string, o: TarOptions): string[] {
  const parts = ['tar', action, '-C', dest];
  if (o.flag) parts.push(o.flag);
  if (o.extraOpts.length) parts.push('--show-transformed-names', ...o.extraOpts);
  if (action !== '--list') {
    if (o.owner) parts.push(`--owner=${o.owner}`);
    if (o.group) parts.push(`--group=${o.group}`);
    if (o.keepNewer) parts.push('--keep-newer-files');
  }
  parts.push(...o.excludes.map((e) => `--exclude=${e.replace(/\/+$/, '')}`), '-f', src, ...o.includes);
  return parts;
}

export interface ArchiveProbe {
  handler: ArchiveHandler;
  flag: string;
  listing: string;
  /** tar: --diff stdout+stderr; zip: `unzip -v` */
  extra: string;
  uid: number;
  user: string;
  group: string;
  umask: number;
  /** Ansible adds dest's own stat to the result */
  destInfo: Record<string, unknown>;
}

/** dest's path info as Ansible's exit_json adds it: uid, gid, owner, group, mode, state, size. */
export function destInfo(line: string): Record<string, unknown> {
  const [uid, gid, owner, group, mode, size] = line.trim().split(':');
  return { uid: Number(uid), gid: Number(gid), owner, group, mode: mode!.padStart(4, '0'), state: 'directory', size: Number(size) };
}

const SECTION = '\n@@warren-unarchive@@ ';

/** Checks src and dest as Ansible does, picks the handler and lists the archive. */
export async function probeArchive(ctx: ModuleContext, src: string, dest: string, tar: Omit<TarOptions, 'flag'>, uploaded: boolean): Promise<ArchiveProbe> {
  const zipList = ['zipinfo', '-T', '-s', src, ...(tar.excludes.length ? ['-x', ...tar.excludes] : []), ...tar.includes].map(shellQuote).join(' ');
  const tries = TAR_FLAGS.map(
    ([name, flag]) =>
      `if [ -z "$h" ] && out=$(LC_ALL=C ${tarCommand('--list', src, dest, { ...tar, flag })} 2>/dev/null) && [ -n "$out" ]; then h=${name}; f=${shellQuote(flag)}; d=$(cd "$dest" && LC_ALL=C ${tarCommand('--diff', src, dest, { ...tar, flag })} 2>&1); fi`,
  );
  const script = [
    `src=${shellQuote(src)}; dest=${shellQuote(dest)}; h=`,
    `[ -e "$src" ] || { echo nosrc; exit 0; }`,
    `[ -r "$src" ] || { echo unreadable; exit 0; }`,
    `[ -s "$src" ] || { echo empty; exit 0; }`,
    `[ -d "$dest" ] || { echo nodest; exit 0; }`,
    `if command -v unzip >/dev/null && command -v zipinfo >/dev/null && unzip -l "$src" >/dev/null 2>&1; then h=ZipArchive; f=; out=$(${zipList} 2>/dev/null); d=$(unzip -v "$src" 2>/dev/null); fi`,
    'if [ -z "$h" ] && tar --version 2>/dev/null | head -n1 | grep -q GNU; then :; else [ -n "$h" ] || { echo notar; exit 0; }; fi',
    ...tries,
    '[ -n "$h" ] || { echo nohandler; exit 0; }',
    `printf 'ok %s %s %s %s %s %s%s' "$h" "$(id -u)" "$(id -un)" "$(id -gn)" "$(umask)" "$(stat -c '%u:%g:%U:%G:%a:%s' -- "$dest")" ${shellQuote(SECTION)}`,
    `printf '%s%s' "$f" ${shellQuote(SECTION)}; printf '%s%s' "$out" ${shellQuote(SECTION)}; printf '%s' "$d"`,
  ].join('\n');
  const res = await ctx.target.run(script);
  const [head = '', flag = '', listing = '', extra = ''] = res.stdout.split(SECTION);
  const word = head.trim().split(' ')[0];
  const failures: Record<string, string> = {
    nosrc: uploaded ? `Source '${src}' failed to transfer` : `Source '${src}' does not exist`,
    unreadable: `Source '${src}' not readable`,
    empty: `Invalid archive '${src}', the file is 0 bytes`,
    nodest: `Destination '${dest}' is not a directory`,
    notar: `Failed to find handler for "${src}". Make sure the required command to extract the file is installed.\nGNU tar required.`,
    nohandler: `Failed to find handler for "${src}". Make sure the required command to extract the file is installed.`,
  };
  if (word !== 'ok') throw new ModuleFailure(failures[word ?? ''] ?? `cannot read ${src}: ${res.stderr.trim() || res.stdout.trim()}`);
  const [, handler, uid, user, group, umask, dest_] = head.split(' ');
  return {
    handler: handler as ArchiveHandler,
    flag,
    listing,
    extra,
    uid: Number(uid),
    user: user!,
    group: group!,
    umask: Number.parseInt(umask!, 8),
    destInfo: destInfo(dest_ ?? ''),
  };
}

/** The listed paths (relative to dest) as they are on the host; missing ones are absent. */
export async function statPaths(ctx: ModuleContext, dest: string, paths: string[], withCrc: boolean): Promise<Map<string, HostFile>> {
  const found = new Map<string, HostFile>();
  if (paths.length === 0) return found;
  const script = [
    `cd -- ${shellQuote(dest)} || exit 3`,
    'while IFS= read -r p; do',
    '  if [ -L "$p" ]; then k=link; elif [ -d "$p" ]; then k=directory; elif [ -f "$p" ]; then k=file; elif [ -e "$p" ]; then k=other; else continue; fi',
    `  s=$(stat -c '%s|%y|%a|%U|%G' -- "$p"); c=`,
    withCrc ? `  if [ "$k" = file ]; then c=$(gzip -c -- "$p" | tail -c8 | od -An -tx4 -N4 | tr -d ' \\n'); fi` : '',
    `  printf '%s|%s|%s|%s\\n' "$k" "$s" "$c" "$p"`,
    'done',
  ].join('\n');
  const res = await ctx.target.run(script, { stdin: `${paths.join('\n')}\n` });
  if (res.code !== 0) throw new ModuleFailure(`cannot read ${dest}: ${res.stderr.trim()}`);
  for (const line of res.stdout.split('\n')) {
    const [kind, size, time, mode, owner, group, crc, ...rest] = line.split('|');
    if (!rest.length) continue;
    const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d+)/.exec(time!);
    const stamp = m && /^0+$/.test(m[7]!) ? `${m[1]}${m[2]}${m[3]}.${m[4]}${m[5]}${m[6]}` : '';
    found.set(rest.join('|'), {
      kind: kind as HostFile['kind'],
      size: Number(size),
      stamp,
      mode: Number.parseInt(mode!, 8),
      owner: owner!,
      group: group!,
      ...(crc ? { crc } : {}),
    });
  }
  return found;
}
