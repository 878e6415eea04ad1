// fetch: a remote file -> the controller (dest/<inventory_hostname>/<src>, or dest itself with
// flat). Compares SHA-1 checksums first (Ansible's), so a second run transfers nothing.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

interface FetchArgs {
  src: string;
  dest: string;
  flat?: boolean;
  fail_on_missing?: boolean;
  validate_checksum?: boolean;
}

interface FetchState {
  dest: string;
  remoteChecksum?: string;
  localChecksum?: string;
}

export function fetchDestination(args: FetchArgs, host: string, baseDir: string): string {
  const base = isAbsolute(args.dest) ? args.dest : resolve(baseDir, args.dest);
  if (args.flat) return args.dest.endsWith('/') ? join(base, posix.basename(args.src)) : base;
  return join(base, host, posix.normalize(`/${args.src}`));
}

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex');

async function localChecksum(path: string): Promise<string | undefined> {
  try {
    return sha1(await readFile(path));
  } catch {
    return undefined;
  }
}

export const fetchModule: ModuleDefinition<FetchArgs, FetchState, FetchState> = {
  name: 'fetch',
  argsSchema: {
    type: 'object',
    properties: {
      src: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      flat: { type: 'boolean' },
      fail_on_missing: { type: 'boolean' },
      validate_checksum: { type: 'boolean' },
    },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async probe(ctx: ModuleContext, args) {
    const baseDir = typeof ctx.vars.playbook_dir === 'string' ? ctx.vars.playbook_dir : process.cwd();
    const dest = fetchDestination(args, ctx.host, baseDir);
    const q = shellQuote(args.src);
    const r = await ctx.target.run(`if [ ! -e ${q} ]; then exit 3; elif [ -d ${q} ]; then exit 4; fi; sha1sum < ${q}`);
    if (r.code === 4) throw new ModuleFailure(`remote file is a directory, fetch cannot work on directories: ${args.src}`);
    if (r.code === 3) {
      if (args.fail_on_missing === false) return { dest };
      throw new ModuleFailure(`the remote file does not exist: ${args.src}`, { file: args.src });
    }
    if (r.code !== 0) throw new ModuleFailure(`cannot read ${args.src}: ${r.stderr.trim()}`, { rc: r.code });
    return { dest, remoteChecksum: r.stdout.trim().split(/\s+/)[0], localChecksum: await localChecksum(dest) };
  },
  plan(state, args) {
    if (!state.remoteChecksum)
      return { changed: false, result: { file: args.src, dest: state.dest, msg: 'the remote file does not exist, not transferring, ignored' } };
    const changed = state.localChecksum !== state.remoteChecksum;
    return {
      changed,
      data: state,
      result: { dest: state.dest, file: args.src, checksum: state.remoteChecksum, remote_checksum: state.remoteChecksum },
      ...(changed
        ? {
            diff: [
              {
                before: state.localChecksum ? `checksum: ${state.localChecksum}\n` : 'absent\n',
                after: `checksum: ${state.remoteChecksum}\n`,
                before_header: state.dest,
                after_header: state.dest,
              },
            ],
          }
        : {}),
    };
  },
  async apply(ctx, args, plan) {
    const state = plan.data;
    const content = await ctx.target.get(args.src);
    if (args.validate_checksum !== false && sha1(content) !== state.remoteChecksum) {
      throw new ModuleFailure(`checksum mismatch after fetching ${args.src}: the file changed during the transfer`);
    }
    await mkdir(dirname(state.dest), { recursive: true });
    const temp = `${state.dest}.warren-tmp-${process.pid}`;
    await writeFile(temp, content);
    await rename(temp, state.dest);
    return { ...plan.result, changed: true, md5sum: createHash('md5').update(content).digest('hex') };
  },
};
