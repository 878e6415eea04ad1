// find: files, directories or links under paths, filtered by name (glob or regex), age, size,
// content and hiddenness as Ansible's find; one `find -printf` round trip lists them, a second
// reads content or checksums only when `contains` / `get_checksum` ask. Never changes anything.
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { fnmatch } from '../lib/fnmatch.ts';
import { runOrFail } from '../lib/run.ts';
import { pythonRegex } from './replace.ts';

export interface FindArgs {
  paths: string | string[];
  patterns?: string | string[];
  excludes?: string | string[];
  contains?: string;
  read_whole_file?: boolean;
  file_type?: 'any' | 'directory' | 'file' | 'link';
  age?: string | number;
  age_stamp?: 'atime' | 'ctime' | 'mtime';
  size?: string | number;
  recurse?: boolean;
  hidden?: boolean;
  follow?: boolean;
  get_checksum?: boolean;
  use_regex?: boolean;
  depth?: number;
}

interface Entry {
  type: string; // find's %y: f d l ...
  name: string;
  info: Record<string, unknown>;
}

const FIELDS = '%y %m %s %U %G %i %D %n %A@ %T@ %C@ %u %g %p\\0';

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value)
    ? value.map(String)
    : String(value)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

function withUnit(value: string | number | undefined, units: Record<string, number>, re: RegExp, what: string): number | undefined {
  if (value === undefined) return undefined;
  const m = re.exec(String(value).toLowerCase());
  if (!m) throw new ModuleFailure(`failed to process ${what}`, { [what]: value });
  return Number(m[1]) * (units[m[2] ?? ''] ?? 1);
}

function statInfo(fields: string[], path: string): Entry {
  const [type, modeText, size, uid, gid, inode, dev, nlink, atime, mtime, ctime, user, group] = fields;
  const mode = Number.parseInt(modeText!, 8);
  const bit = (b: number) => (mode & b) !== 0;
  const name = (n: string, id: string) => (n === id ? '' : n);
  return {
    type: type!,
    name: posix.basename(path),
    info: {
      path,
      mode: mode.toString(8).padStart(4, '0'),
      isdir: type === 'd',
      ischr: type === 'c',
      isblk: type === 'b',
      isreg: type === 'f',
      isfifo: type === 'p',
      islnk: type === 'l',
      issock: type === 's',
      uid: Number(uid),
      gid: Number(gid),
      size: Number(size),
      inode: Number(inode),
      dev: Number(dev),
      nlink: Number(nlink),
      atime: Number(atime),
      mtime: Number(mtime),
      ctime: Number(ctime),
      gr_name: name(group!, gid!),
      pw_name: name(user!, uid!),
      wusr: bit(0o200),
      rusr: bit(0o400),
      xusr: bit(0o100),
      wgrp: bit(0o20),
      rgrp: bit(0o40),
      xgrp: bit(0o10),
      woth: bit(0o2),
      roth: bit(0o4),
      xoth: bit(0o1),
      isuid: bit(0o4000),
      isgid: bit(0o2000),
    },
  };
}

/** One script: per path either `SKIP <message>` or NUL-separated entries, after a `== i` line. */
function listScript(paths: string[], args: FindArgs): string {
  const depth = args.recurse ? (args.depth ? `-maxdepth ${Math.trunc(args.depth)}` : '') : '-maxdepth 1';
  const lines = ['LC_ALL=C; export LC_ALL'];
  paths.forEach((path, i) => {
    const expanded = path.startsWith('~/') || path === '~' ? `"$HOME"${shellQuote(path.slice(1))}` : shellQuote(path);
    lines.push(
      `printf '\\0== ${i}\\0'; p=${expanded}`,
      `if [ -d "$p" ]; then find ${args.follow ? '-L ' : ''}"$p" -mindepth 1 ${depth} -printf '${FIELDS}' 2>/dev/null; else printf 'SKIP %s\\0' "$p"; fi`,
    );
  });
  return lines.join('\n');
}

function parseListing(stdout: string, paths: string[]): { entries: Entry[]; skipped: Record<string, string> } {
  const entries: Entry[] = [];
  const skipped: Record<string, string> = {};
  let current = 0;
  for (const record of stdout.split('\0')) {
    if (!record) continue;
    const header = /^== (\d+)$/.exec(record);
    if (header) {
      current = Number(header[1]);
      continue;
    }
    if (record.startsWith('SKIP ')) {
      skipped[paths[current]!] = `'${record.slice(5)}' is not a directory`;
      continue;
    }
    const fields = record.split(' ');
    const path = posix.normalize(fields.slice(13).join(' '));
    entries.push(statInfo(fields.slice(0, 13), path));
  }
  return { entries, skipped };
}

function nameMatches(name: string, patterns: string[], excludes: string[], regex: boolean): boolean {
  const matches = (p: string) => (regex ? pythonRegex(`^(?:${p})`, '').test(name) : fnmatch(name, p));
  if (!patterns.some(matches)) return false;
  return !excludes.some(matches);
}

/** sha1 or base64 content of regular files, one line each, in order. */
async function readEach(ctx: ModuleContext, paths: string[], command: 'sha1sum' | 'base64 -w0'): Promise<string[]> {
  if (!paths.length) return [];
  const script = paths.map((p) => `{ ${command} < ${shellQuote(p)} 2>/dev/null || printf -- '-'; } | cut -d' ' -f1; echo`).join('\n');
  const out = (await runOrFail(ctx, script, 'cannot read the files found')).stdout;
  return out
    .split('\n')
    .filter((_, i) => i % 2 === 0)
    .slice(0, paths.length);
}

function contentMatches(content: string, pattern: string, whole: boolean): boolean {
  if (whole) return pythonRegex(pattern, 'm').test(content);
  const re = pythonRegex(`^(?:${pattern})`, '');
  return (content.match(/[^\n]*\n|[^\n]+$/g) ?? []).some((line) => re.test(line));
}

export const findModule: ModuleDefinition<FindArgs, Record<string, unknown>> = {
  name: 'find',
  aliases: { name: 'paths', path: 'paths', pattern: 'patterns', exclude: 'excludes' },
  argsSchema: {
    type: 'object',
    description: 'Find files, directories or links by name, age, size or content.',
    properties: {
      paths: { type: ['string', 'array'], items: { type: 'string' }, description: 'directories to search (aliases: name, path)' },
      name: { type: ['string', 'array'], items: { type: 'string' } },
      path: { type: ['string', 'array'], items: { type: 'string' } },
      patterns: {
        type: ['string', 'array'],
        items: { type: 'string' },
        description: 'glob patterns on the base name (regexes with use_regex; alias: pattern)',
      },
      pattern: { type: ['string', 'array'], items: { type: 'string' } },
      excludes: { type: ['string', 'array'], items: { type: 'string' }, description: 'names matching these are left out (alias: exclude)' },
      exclude: { type: ['string', 'array'], items: { type: 'string' } },
      contains: { type: 'string', description: 'a regular expression a line must match (files only)' },
      read_whole_file: { type: 'boolean', default: false, description: 'search contains in the whole file instead of line by line' },
      file_type: { enum: ['any', 'directory', 'file', 'link'], default: 'file' },
      age: { type: ['string', 'integer'], description: 'at least this old (negative: at most), with s m h d w units' },
      age_stamp: { enum: ['atime', 'ctime', 'mtime'], default: 'mtime' },
      size: { type: ['string', 'integer'], description: 'at least this size (negative: at most), with b k m g t units' },
      recurse: { type: 'boolean', default: false },
      hidden: { type: 'boolean', default: false, description: 'include names starting with a dot' },
      follow: { type: 'boolean', default: false, description: 'follow symbolic links to directories' },
      get_checksum: { type: 'boolean', default: false, description: 'sha1 checksum of each file found' },
      use_regex: { type: 'boolean', default: false, description: 'patterns are Python regular expressions' },
      depth: { type: 'integer', minimum: 1, description: 'with recurse: how deep to go' },
    },
    anyOf: [{ required: ['paths'] }, { required: ['name'] }, { required: ['path'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const paths = list(args.paths);
    const regex = args.use_regex === true;
    const patterns = list(args.patterns).length ? list(args.patterns) : [regex ? '.*' : '*'];
    const excludes = list(args.excludes);
    const age = withUnit(args.age, { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }, /^(-?\d+)(s|m|h|d|w)?$/, 'age');
    const size = withUnit(args.size, { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }, /^(-?\d+)(b|k|m|g|t)?$/, 'size');
    const res = await runOrFail(ctx, `${listScript(paths, args)}\ndate +%s.%N`, 'cannot list the paths');
    const cut = res.stdout.lastIndexOf('\0');
    const now = Number(res.stdout.slice(cut + 1).trim());
    const { entries, skipped } = parseListing(res.stdout.slice(0, cut + 1), paths);
    const fileType = args.file_type ?? 'file';
    const stamp = `${args.age_stamp ?? 'mtime'}`;
    const ageOk = (e: Entry) => age === undefined || (age >= 0 ? now - (e.info[stamp] as number) >= age : now - (e.info[stamp] as number) <= -age);
    const sizeOk = (e: Entry) => size === undefined || e.type !== 'f' || (size >= 0 ? (e.info.size as number) >= size : (e.info.size as number) <= -size);
    const typeOk = (e: Entry) => fileType === 'any' || { directory: 'd', file: 'f', link: 'l' }[fileType] === e.type;
    let found = entries.filter(
      (e) =>
        (args.hidden || !e.name.startsWith('.')) &&
        typeOk(e) &&
        nameMatches(e.name, patterns, excludes, regex) &&
        ageOk(e) &&
        (fileType === 'directory' || fileType === 'link' || sizeOk(e)),
    );
    if (args.contains !== undefined && fileType === 'file') {
      const contents = await readEach(
        ctx,
        found.map((e) => e.info.path as string),
        'base64 -w0',
      );
      found = found.filter(
        (_, i) =>
          contents[i] !== '-' && contentMatches(Buffer.from(contents[i] ?? '', 'base64').toString('utf8'), args.contains!, args.read_whole_file === true),
      );
    }
    if (args.get_checksum) {
      const files = found.filter((e) => e.type === 'f');
      const sums = await readEach(
        ctx,
        files.map((e) => e.info.path as string),
        'sha1sum',
      );
      files.forEach((e, i) => {
        e.info.checksum = sums[i];
      });
    }
    const warnings = Object.entries(skipped).map(([p, why]) => `Skipped '${p}' path due to this access issue: ${why}\n`);
    return {
      files: found.map((e) => e.info),
      matched: found.length,
      examined: entries.length,
      skipped_paths: skipped,
      msg: warnings.length ? 'Not all paths examined, check warnings for details' : 'All paths examined',
      ...(warnings.length ? { warnings } : {}),
    };
  },
  plan(result) {
    return { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
