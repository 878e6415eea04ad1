// unarchive: unpacks a tar (gz, bz2, xz, zstd) or zip archive from the controller (uploaded to a
// temp file on the host) or already on the host (remote_src) into dest. Unpacked or not is decided
// as Ansible does (tar --diff, zip entry compare), so a converged re-run reports changed=false.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { findControllerFile } from '../lib/controller-file.ts';
import { attributesCommand } from '../lib/attributes.ts';
import { asList, stringListSchema } from '../lib/list-arg.ts';
import { modeSchema, resolveMode } from '../lib/mode.ts';
import type { ModeSpec } from '../lib/mode.ts';
import type { ArchiveHandler, HostFile } from './unarchive-check.ts';
import { tarDifferences, tarFiles, zipDifferences, zipEntries } from './unarchive-check.ts';
import type { TarOptions } from './unarchive-host.ts';
import { destInfo, probeArchive, statPaths, tarWords } from './unarchive-host.ts';

export interface UnarchiveArgs {
  src: string;
  dest: string;
  remote_src?: boolean;
  copy?: boolean;
  creates?: string;
  list_files?: boolean;
  keep_newer?: boolean;
  exclude?: string[] | string;
  include?: string[] | string;
  extra_opts?: string[] | string;
  owner?: string;
  group?: string;
  mode?: ModeSpec;
  validate_certs?: boolean;
  io_buffer_size?: number;
  decrypt?: boolean;
}

interface UnarchiveState {
  skippedBecause?: string;
  handler?: ArchiveHandler;
  flag?: string;
  files: string[];
  differences: string[];
  /** paths whose owner/group/mode must still be set */
  attributePaths: string[];
  diffText?: string;
  destInfo?: Record<string, unknown>;
}

const list = { ...stringListSchema, default: [] };

/** list arguments given as a comma-separated string, as Ansible's list type splits them */
type Listed = UnarchiveArgs & { exclude: string[]; include: string[]; extra_opts: string[] };

function withLists(args: UnarchiveArgs): Listed {
  return { ...args, exclude: asList(args.exclude), include: asList(args.include), extra_opts: asList(args.extra_opts) };
}

function tarOptions(args: Listed, flag = ''): TarOptions {
  return {
    flag,
    extraOpts: args.extra_opts ?? [],
    excludes: args.exclude ?? [],
    includes: args.include ?? [],
    owner: args.owner,
    group: args.group,
    keepNewer: args.keep_newer,
  };
}

const isRemote = (args: UnarchiveArgs) => args.remote_src ?? (args.copy === undefined ? false : !args.copy);

/** The archive on the host: src itself (remote_src) or a fresh upload of the controller file. */
async function archiveOnHost(ctx: ModuleContext, args: UnarchiveArgs): Promise<{ path: string; cleanup: () => Promise<void> }> {
  if (isRemote(args)) return { path: args.src, cleanup: async () => {} };
  const local = findControllerFile(ctx, 'files', args.src);
  const content = await readFile(local).catch((err: Error) => {
    throw new ModuleFailure(`Could not find or access '${args.src}': ${err.message}`);
  });
  const path = `/tmp/.warren-unarchive-${randomBytes(8).toString('hex')}`;
  await ctx.target.put(content, path, { mode: 0o600 });
  return { path, cleanup: async () => void (await ctx.target.run(`rm -f -- ${shellQuote(path)}`)) };
}

/** Top folders of the listed files (Ansible also sets their attributes). */
function withTopFolders(files: string[]): string[] {
  const clean = files.map((f) => f.replace(/\/+$/, '') || '.');
  const tops = clean.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!);
  return [...new Set([...clean, ...tops])];
}

function attributesDiffer(st: HostFile | undefined, args: UnarchiveArgs): boolean {
  if (!st) return true;
  if (args.owner !== undefined && args.owner !== st.owner) return true;
  if (args.group !== undefined && args.group !== st.group) return true;
  if (args.mode !== undefined && st.kind !== 'link') return Number.parseInt(resolveMode(args.mode, st.mode, st.kind === 'directory'), 8) !== st.mode;
  return false;
}

async function inspect(ctx: ModuleContext, args: Listed, src: string): Promise<UnarchiveState> {
  const found = await probeArchive(ctx, src, args.dest, tarOptions(args), !isRemote(args));
  const zip = found.handler === 'ZipArchive';
  const entries = zip ? zipEntries(found.listing, found.extra, args.exclude ?? []) : [];
  const files = zip ? entries.map((e) => e.path) : tarFiles(found.listing, args.exclude ?? []);
  if (!files.length) throw new ModuleFailure(`Failed to find handler for "${src}". Empty archive files are not supported.`);
  const hasAttrs = args.owner !== undefined || args.group !== undefined || args.mode !== undefined;
  const paths = withTopFolders(files);
  const host = zip || hasAttrs ? await statPaths(ctx, args.dest, paths, zip) : new Map<string, HostFile>();
  let differences: string[];
  if (zip) {
    const mode = args.mode === undefined ? undefined : Number.parseInt(resolveMode(args.mode, 0o644, false), 8);
    const want = { mode, owner: args.owner ?? found.user, group: args.group ?? found.group, umask: found.umask };
    differences = zipDifferences(entries, host, want, args.keep_newer ?? false);
  } else differences = tarDifferences(found.extra, args, found.uid === 0);
  const attributePaths = hasAttrs ? paths.filter((p) => attributesDiffer(host.get(p), args)) : [];
  return {
    handler: found.handler,
    flag: found.flag,
    files,
    differences,
    attributePaths,
    destInfo: found.destInfo,
    ...(zip && differences.length ? { diffText: `${differences.join('\n')}\n` } : {}),
  };
}

export const unarchiveModule: ModuleDefinition<UnarchiveArgs, UnarchiveState, UnarchiveState> = {
  name: 'unarchive',
  argsSchema: {
    type: 'object',
    description: 'Unpack a tar or zip archive, from the controller or already on the host.',
    properties: {
      src: { type: 'string', minLength: 1, description: 'the archive: a controller file, or a host path with remote_src' },
      dest: { type: 'string', minLength: 1, description: 'the existing directory to unpack into' },
      remote_src: { type: 'boolean', description: 'src is already on the host' },
      copy: { type: 'boolean', description: 'deprecated inverse of remote_src' },
      creates: { type: 'string', description: 'skip when this path exists on the host' },
      list_files: { type: 'boolean', default: false, description: 'return the archive members as `files`' },
      keep_newer: { type: 'boolean', default: false, description: 'do not replace files newer than the archive members' },
      exclude: { ...list, description: 'members (or fnmatch patterns) not to unpack' },
      include: { ...list, description: 'only these members' },
      extra_opts: { ...list, description: 'extra options for tar or unzip' },
      owner: { type: 'string', minLength: 1 },
      group: { type: 'string', minLength: 1 },
      mode: modeSchema,
      validate_certs: { type: 'boolean', default: true },
      io_buffer_size: { type: 'integer', minimum: 1 },
      decrypt: { type: 'boolean', default: true },
    },
    required: ['src', 'dest'],
    allOf: [{ not: { required: ['include', 'exclude'] } }, { not: { required: ['copy', 'remote_src'] } }],
    additionalProperties: false,
  },
  async probe(ctx, raw) {
    const args = withLists(raw);
    if ((args.include?.length ?? 0) > 0 && (args.exclude?.length ?? 0) > 0) throw new ModuleFailure('parameters are mutually exclusive: include|exclude');
    if (args.creates) {
      const res = await ctx.target.run(`test -e ${shellQuote(args.creates)}`);
      if (res.code === 0) return { skippedBecause: `skipped, since ${args.creates} exists`, files: [], differences: [], attributePaths: [] };
    }
    if (isRemote(args) && args.src.includes('://'))
      throw new ModuleFailure('unarchive: src as a URL is not supported by warren; download it first with get_url');
    const archive = await archiveOnHost(ctx, args);
    try {
      return await inspect(ctx, args, archive.path);
    } finally {
      await archive.cleanup();
    }
  },
  plan(state, args): Plan<UnarchiveState> {
    if (state.skippedBecause) return { changed: false, msg: state.skippedBecause, result: { skipped: true, msg: state.skippedBecause } };
    const result = {
      handler: state.handler,
      dest: args.dest,
      src: args.src,
      ...(args.list_files ? { files: state.files } : {}),
      ...state.destInfo,
    };
    if (!state.differences.length && !state.attributePaths.length) return { changed: false, result };
    const diff = state.diffText ? [{ before: '', after: state.diffText, before_header: args.dest, after_header: args.dest }] : [];
    return { changed: true, data: state, result, diff };
  },
  async apply(ctx, raw, plan) {
    const args = withLists(raw);
    const state = plan.data;
    const result: Record<string, unknown> = {};
    const archive = await archiveOnHost(ctx, args);
    try {
      if (state.differences.length) {
        const cmd =
          state.handler === 'ZipArchive'
            ? [
                'unzip',
                '-o',
                ...(args.extra_opts ?? []),
                archive.path,
                ...(args.exclude?.length ? ['-x', ...args.exclude] : []),
                ...(args.include ?? []),
                '-d',
                args.dest,
              ]
            : tarWords('--extract', archive.path, args.dest, tarOptions(args, state.flag));
        const res = await ctx.target.run(`cd -- ${shellQuote(args.dest)} && LC_ALL=C ${cmd.map(shellQuote).join(' ')}`);
        result.extract_results = { cmd, rc: res.code, out: res.stdout, err: res.stderr };
        if (res.code !== 0) throw new ModuleFailure(`failed to unpack ${args.src} to ${args.dest}`, result);
      }
      if (args.owner !== undefined || args.group !== undefined || args.mode !== undefined) {
        const paths = withTopFolders(state.files).map((p) => posix.join(args.dest, p));
        const script = paths.map((p) => attributesCommand(p, { owner: args.owner, group: args.group, mode: args.mode })).join(' && ');
        const res = await ctx.target.run(script);
        if (res.code !== 0) throw new ModuleFailure(`Unexpected error when accessing exploded file: ${res.stderr.trim()}`, result);
      }
      const st = await ctx.target.run(`stat -c '%u:%g:%U:%G:%a:%s' -- ${shellQuote(args.dest)}`);
      if (st.code === 0) Object.assign(result, destInfo(st.stdout));
    } finally {
      await archive.cleanup();
    }
    return { ...plan.result, changed: true, ...result };
  },
};
