// archive (community.general): packs paths and globs on the host into a tar (gz, bz2, xz, zstd),
// zip, or compresses one file, with GNU tar / zip / gzip on the host. The plan compares what the
// new archive would hold with the existing one (member headers for tar, CRCs for zip, the
// compressed size for one file), so a converged re-run reports changed=false.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { attributesCommand } from '../lib/attributes.ts';
import { formatMode, modeSchema, resolveMode } from '../lib/mode.ts';
import type { ModeSpec } from '../lib/mode.ts';
import { runOrFail } from '../lib/run.ts';
import { asList, stringListSchema } from '../lib/list-arg.ts';
import type { ArchiveFormat, SourceEntry } from './archive-members.ts';
import { arcName, commonRoot, isArchiveName, members, tarListingSignatures, tarSignature, zipListingSignatures, zipSignature } from './archive-members.ts';

export interface ArchiveArgs {
  path: string[] | string;
  dest?: string;
  format?: ArchiveFormat;
  exclude_path?: string[] | string;
  exclusion_patterns?: string[] | string;
  force_archive?: boolean;
  remove?: boolean;
  owner?: string;
  group?: string;
  mode?: ModeSpec;
}

interface ArchiveState {
  expanded: string[];
  expandedExcludes: string[];
  missing: string[];
  targets: { path: string; isDir: boolean }[];
  entries: SourceEntry[];
  dest?: { size: number; listing: string; perms: string; owner: string; group: string };
  /** compressed size of the single file, as it would be written */
  compressedSize?: number;
}

interface ArchiveData {
  dest: string;
  root: string;
  single: boolean;
  members: SourceEntry[];
  attributesOnly: boolean;
  /** archived paths and directory targets, for remove */
  removePaths: string[];
}

const COMPRESS: Record<string, string> = { gz: 'gzip -n', bz2: 'bzip2', xz: 'xz', zstd: 'zstd -q' };
const TAR_FLAG: Record<string, string> = { gz: '-z', bz2: '-j', xz: '-J', zstd: '--zstd', tar: '' };
const SECTION = '@@warren-archive@@';

/** A shell word that expands `pattern` as a glob (only * ? [ ] stay unquoted). */
function globWord(pattern: string): string {
  return pattern
    .split(/([*?[\]])/)
    .map((part) => (/^[*?[\]]$/.test(part) ? part : part === '' ? '' : shellQuote(part)))
    .join('');
}

const isGlob = (p: string) => p.includes('*') || p.includes('?');

function expandScript(label: string, patterns: string[]): string {
  return patterns
    .map((p) =>
      isGlob(p)
        ? `for p in ${globWord(p)}; do if [ -e "$p" ] || [ -L "$p" ]; then printf '${label} %s\\n' "$p"; fi; done`
        : `printf '${label} %s\\n' ${shellQuote(p)}`,
    )
    .join('\n');
}

const FIND_FORMAT = "'%M|%u/%g|%s|%TY-%Tm-%Td %TH:%TM:%TS|%l|%p\\n'";

function parseEntries(text: string): SourceEntry[] {
  return text
    .split('\n')
    .filter((l) => l.includes('|'))
    .map((l) => {
      const [perms, owner, size, time, link, ...rest] = l.split('|');
      const [path, crc] = rest.join('|').split('\t');
      return { perms: perms!, owner: owner!, size: Number(size), time: time!.replace(/\.\d+$/, ''), link: link!, path: path!, ...(crc ? { crc } : {}) };
    });
}

function decide(state: ArchiveState, args: ListArgs) {
  const format = args.format ?? 'gz';
  const paths = [...new Set(state.expanded)].filter((p) => !state.expandedExcludes.includes(p)).sort();
  if (!paths.length) throw new ModuleFailure('Error, no source paths were found', { path: args.path.join(', ') });
  const root = commonRoot(paths);
  const firstIsDir = state.targets.find((t) => t.path === paths[0])?.isDir ?? false;
  const mustArchive = !!args.force_archive || args.path.some(isGlob) || firstIsDir || paths.length > 1;
  const dest = args.dest ?? (mustArchive ? undefined : `${paths[0]}.${format}`);
  if (!dest) throw new ModuleFailure('Error, must specify "dest" when archiving multiple files or trees', { path: args.path.join(', ') });
  return { format, paths, root, single: !mustArchive && format !== 'tar' && format !== 'zip', dest };
}

export const archiveModule: ModuleDefinition<ArchiveArgs, ArchiveState, ArchiveData> = {
  name: 'archive',
  argsSchema: {
    type: 'object',
    description: 'Create a tar, zip or compressed file from paths on the host (community.general).',
    properties: {
      path: {
        anyOf: [
          { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
          { type: 'string', minLength: 1 },
        ],
        description: 'paths or globs to archive (a list, or comma-separated)',
      },
      dest: { type: 'string', minLength: 1, description: 'the archive to write (required for several paths, directories or globs)' },
      format: { enum: ['gz', 'bz2', 'xz', 'tar', 'zip', 'zstd'], default: 'gz' },
      exclude_path: { ...stringListSchema, description: 'paths or globs left out' },
      exclusion_patterns: { ...stringListSchema, description: 'fnmatch patterns of member names left out' },
      force_archive: { type: 'boolean', default: false, description: 'a tar/zip archive even of one file' },
      remove: { type: 'boolean', default: false, description: 'remove the sources once archived' },
      owner: { type: 'string', minLength: 1 },
      group: { type: 'string', minLength: 1 },
      mode: modeSchema,
    },
    required: ['path'],
    additionalProperties: false,
  },
  async probe(ctx, raw) {
    const args = normalized(raw);
    const script = [expandScript('path', args.path), expandScript('exclude', args.exclude_path)].join('\n');
    const expanded = await runOrFail(ctx, script, 'cannot expand path');
    const pick = (label: string) =>
      expanded.stdout
        .split('\n')
        .filter((l) => l.startsWith(`${label} `))
        .map((l) => l.slice(label.length + 1));
    const state: ArchiveState = { expanded: pick('path'), expandedExcludes: pick('exclude'), missing: [], targets: [], entries: [] };
    const paths = [...new Set(state.expanded)].filter((p) => !state.expandedExcludes.includes(p)).sort();
    if (!paths.length) return state;
    const zip = args.format === 'zip';
    const crc = zip
      ? ` | while IFS= read -r l; do case "$l" in -*) f=\${l##*|}; printf '%s\\t%s\\n' "$l" "$(gzip -c -- "$f" | tail -c8 | od -An -tx4 -N4 | tr -d ' \\n')";; *) printf '%s\\n' "$l";; esac; done`
      : '';
    const kinds = paths
      .map(
        (p) =>
          `p=${shellQuote(p)}; if [ -d "$p" ] && [ ! -L "$p" ]; then echo "dir $p"; find "$p" -mindepth 1 -printf ${FIND_FORMAT}${crc}; elif [ -e "$p" ] || [ -L "$p" ]; then echo "file $p"; find "$p" -maxdepth 0 -printf ${FIND_FORMAT}${crc}; else echo "missing $p"; fi`,
      )
      .join('\n');
    const read = await runOrFail(ctx, kinds, 'cannot read the paths');
    for (const line of read.stdout.split('\n')) {
      const m = /^(dir|file|missing) (.*)$/.exec(line);
      if (m?.[1] === 'missing') state.missing.push(m[2]!);
      else if (m) state.targets.push({ path: m[2]!, isDir: m[1] === 'dir' });
    }
    state.entries = parseEntries(read.stdout);
    const { dest, single, format } = decide(state, args);
    const list = zip ? 'unzip -v "$d"' : `tar -tv --full-time ${TAR_FLAG[format]} -f "$d"`;
    const destScript = [
      `d=${shellQuote(dest)}`,
      '[ -f "$d" ] || exit 0',
      `stat -c '%s %A %U %G' -- "$d"`,
      `echo ${SECTION}`,
      single ? '' : `LC_ALL=C ${list} 2>/dev/null`,
      single && state.targets[0] ? `echo ${SECTION}; ${COMPRESS[format]} -c -- ${shellQuote(state.targets[0].path)} | wc -c` : '',
    ].join('\n');
    const destRead = await runOrFail(ctx, destScript, `cannot read ${dest}`);
    const [head, listing = '', compressed] = destRead.stdout.split(`${SECTION}\n`);
    if (head?.trim()) {
      const [size, perms, owner, group] = head.trim().split(' ');
      state.dest = { size: Number(size), perms: perms!, owner: owner!, group: group!, listing };
    }
    if (compressed !== undefined) state.compressedSize = Number(compressed.trim());
    return state;
  },
  plan(state, raw): Plan<ArchiveData> {
    const args = normalized(raw);
    const base = { expanded_paths: state.expanded, expanded_exclude_paths: state.expandedExcludes, missing: state.missing };
    const hasTargets = state.targets.length > 0;
    const { dest, root, single, format } = hasTargets ? decide(state, args) : { ...decide(state, args), single: false };
    if (!hasTargets) {
      const destState = state.dest ? (isArchiveName(dest) ? 'archive' : 'compress') : 'absent';
      return { changed: false, result: { ...base, archived: [], arcroot: root, dest, dest_state: destState, state: destState } };
    }
    const chosen = single
      ? state.entries.filter((e) => e.path === state.targets[0]!.path)
      : members(state.targets, state.entries, root, args.exclusion_patterns, format);
    const destState = single ? 'compress' : state.missing.length ? 'incomplete' : 'archive';
    const result = { ...base, archived: chosen.map((e) => e.path), arcroot: root, dest, dest_state: destState, state: destState };
    const sign = format === 'zip' ? zipSignature : tarSignature;
    const wanted = chosen.map((e) => sign(e, root)).sort();
    const existing = state.dest ? (format === 'zip' ? zipListingSignatures(state.dest.listing) : tarListingSignatures(state.dest.listing)) : undefined;
    const contentChanged =
      !state.dest || (single ? state.compressedSize !== state.dest.size : JSON.stringify(existing) !== JSON.stringify(wanted)) || !!args.remove;
    const attrsChanged =
      !!state.dest &&
      ((args.owner !== undefined && args.owner !== state.dest.owner) ||
        (args.group !== undefined && args.group !== state.dest.group) ||
        (args.mode !== undefined && resolveMode(args.mode, modeBits(state.dest.perms), false) !== formatMode(modeBits(state.dest.perms))));
    if (!contentChanged && !attrsChanged) return { changed: false, result };
    const removePaths = [...new Set([...chosen.map((e) => e.path), ...state.targets.filter((t) => t.isDir).map((t) => t.path)])];
    const data = { dest, root, single, members: chosen, attributesOnly: !contentChanged, removePaths };
    return { changed: true, data, result };
  },
  async apply(ctx, args, plan) {
    const { dest, root, single, members: chosen, attributesOnly } = plan.data;
    const format = args.format ?? 'gz';
    const temp = posix.join(posix.dirname(dest), `.${posix.basename(dest)}.warren-${randomBytes(6).toString('hex')}`);
    if (!attributesOnly) {
      const names = chosen.map((e) => arcName(root, e.path)).join('\n');
      const build = single
        ? `${COMPRESS[format]} -c -- ${shellQuote(chosen[0]!.path)} > "$t"`
        : format === 'zip'
          ? `cd -- ${shellQuote(root || '/')} && zip -q "$t" -@ >/dev/null`
          : `tar -C ${shellQuote(root || '/')} --no-recursion ${TAR_FLAG[format]} -cf "$t" -T -`;
      const script = [
        `t=${shellQuote(temp)}`,
        `rm -f -- "$t"`,
        `( umask 077; ${build} ) || { rm -f -- "$t"; exit 3; }`,
        `mv -f -- "$t" ${shellQuote(dest)}`,
      ].join('\n');
      const res = await ctx.target.run(script, { stdin: `${names}\n` });
      const kind = format === 'zip' || format === 'tar' ? format : single ? format : `tar.${format}`;
      if (res.code !== 0) throw new ModuleFailure(`Error when writing ${kind} archive at ${dest}: ${res.stderr.trim()}`);
      if (args.remove) {
        const script = plan.data.removePaths.map((p) => `rm -rf -- ${shellQuote(p)}`).join('\n');
        await runOrFail(ctx, script, 'Error deleting some source files');
      }
    }
    if (args.mode === undefined && !attributesOnly)
      await runOrFail(ctx, `chmod "$(printf %o $((0666 & ~$(umask))))" -- ${shellQuote(dest)}`, `cannot set the mode of ${dest}`);
    await runOrFail(ctx, attributesCommand(dest, { owner: args.owner, group: args.group, mode: args.mode }), `cannot set owner/group/mode of ${dest}`);
    return { ...plan.result, changed: true };
  },
};

type ListArgs = ArchiveArgs & { path: string[]; exclude_path: string[]; exclusion_patterns: string[] };

function normalized(args: ArchiveArgs): ListArgs {
  return { ...args, path: asList(args.path), exclude_path: asList(args.exclude_path), exclusion_patterns: asList(args.exclusion_patterns) };
}

/** 'rw-r--r--' style perms (from stat %A) as a number. */
function modeBits(perms: string): number {
  let mode = 0;
  const p = perms.slice(1);
  for (let i = 0; i < 9; i++) if (p[i] !== '-' && p[i] !== 'S' && p[i] !== 'T') mode |= 1 << (8 - i);
  return mode;
}
