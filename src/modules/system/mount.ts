// mount (ansible.posix): an fstab entry (any fstab file) and the mount itself. present/absent
// edit the file; mounted also mounts (remounting when a mounted entry changed); unmounted
// unmounts; remounted always remounts; absent also unmounts and removes the mount point.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { installFile } from '../lib/install.ts';
import { runOrFail } from '../lib/run.ts';
import { bootOpts, removeFstabEntry, setFstabEntry } from './mount-fstab.ts';

type MountState = 'mounted' | 'unmounted' | 'present' | 'absent' | 'remounted' | 'absent_from_fstab' | 'ephemeral';

export interface MountArgs {
  path: string;
  src?: string;
  fstype?: string;
  opts?: string;
  dump?: string | number;
  passno?: string | number;
  state: MountState;
  fstab?: string;
  boot?: boolean;
  backup?: boolean;
}

interface Probed {
  fstabText: string;
  fstabExists: boolean;
  mounted: boolean;
  pathExists: boolean;
}

interface MountData {
  fstabText?: string;
  mount?: 'mount' | 'remount' | 'umount';
  mkdir?: boolean;
  rmdir?: boolean;
}

const str = { type: 'string', minLength: 1 };
const num = { type: ['string', 'integer'], pattern: '^[0-9]+$' };

function settings(args: MountArgs) {
  const { opts, warnings } = bootOpts(args.opts ?? 'defaults', args.boot ?? true);
  const entry = { src: args.src ?? '', path: args.path, fstype: args.fstype ?? '', opts, dump: String(args.dump ?? '0'), passno: String(args.passno ?? '0') };
  return { entry, warnings, fstab: args.fstab ?? '/etc/fstab' };
}

function mountCommand(
  ctx: ModuleContext,
  action: 'mount' | 'remount' | 'umount',
  args: MountArgs,
  fstab: string,
  entry: { src: string; fstype: string; opts: string },
) {
  const custom = fstab !== '/etc/fstab' ? `-T ${shellQuote(fstab)} ` : '';
  const path = shellQuote(args.path);
  if (action === 'umount') return runOrFail(ctx, `umount ${path}`, `Error unmounting ${args.path}`);
  if (action === 'remount') return runOrFail(ctx, `mount ${custom}-o remount ${path}`, `Error remounting ${args.path}`);
  // ephemeral: no fstab entry, the device given on the command line
  if (args.state === 'ephemeral')
    return runOrFail(ctx, `mount -t ${shellQuote(entry.fstype)} -o ${shellQuote(entry.opts)} ${shellQuote(entry.src)} ${path}`, `Error mounting ${args.path}`);
  return runOrFail(ctx, `mount ${custom}${path}`, `Error mounting ${args.path}`);
}

export const mountModule: ModuleDefinition<MountArgs, Probed, MountData> = {
  name: 'mount',
  aliases: { name: 'path' },
  argsSchema: {
    type: 'object',
    description: 'Control an fstab entry and the mount itself (ansible.posix).',
    properties: {
      path: { ...str, description: 'the mount point (alias: name)' },
      name: str,
      src: { ...str, description: 'the device, label, share or tmpfs to mount (for present and mounted)' },
      fstype: { ...str, description: 'the file system type (for present and mounted)' },
      opts: { ...str, description: 'mount options, as in fstab (default: defaults)' },
      dump: num,
      passno: num,
      state: { enum: ['mounted', 'unmounted', 'present', 'absent', 'remounted', 'absent_from_fstab', 'ephemeral'] },
      fstab: { ...str, description: 'the fstab file to use (default /etc/fstab)' },
      boot: { type: 'boolean', default: true, description: 'mount at boot (false adds noauto)' },
      backup: { type: 'boolean', default: false },
    },
    required: ['state'],
    allOf: [
      { anyOf: [{ required: ['path'] }, { required: ['name'] }] },
      // Ansible's required_if: present, mounted and ephemeral need src and fstype
      { anyOf: [{ properties: { state: { enum: ['unmounted', 'absent', 'remounted', 'absent_from_fstab'] } } }, { required: ['src', 'fstype'] }] },
    ],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const { fstab } = settings(args);
    const script = [
      `f=${shellQuote(fstab)}; p=${shellQuote(args.path)}`,
      'if [ -f "$f" ]; then echo fstab; fi',
      'if [ -e "$p" ]; then echo path; fi',
      'if findmnt -rn --mountpoint "$p" >/dev/null 2>&1; then echo mounted; fi',
      'echo @@content@@; if [ -f "$f" ]; then cat -- "$f"; fi',
    ].join('\n');
    const res = await runOrFail(ctx, script, `cannot read ${fstab}`);
    const [flags = '', fstabText = ''] = res.stdout.split('@@content@@\n');
    const has = (w: string) => new RegExp(`^${w}$`, 'm').test(flags);
    return { fstabText, fstabExists: has('fstab'), mounted: has('mounted'), pathExists: has('path') };
  },
  plan(state, args): Plan<MountData> {
    const { entry, warnings, fstab } = settings(args);
    const result = {
      name: args.path,
      ...(args.src !== undefined ? { src: args.src } : {}),
      ...(args.fstype !== undefined ? { fstype: args.fstype } : {}),
      opts: entry.opts,
      dump: entry.dump,
      passno: entry.passno,
      fstab,
      boot: args.boot ?? true,
      ...(warnings.length ? { warnings } : {}),
    };
    const data: MountData = {};
    let fileChanged = false;
    if (args.state === 'present' || args.state === 'mounted') {
      const edit = setFstabEntry(state.fstabText, entry);
      if (edit.changed) {
        data.fstabText = edit.text;
        fileChanged = true;
      }
    }
    if (args.state === 'absent' || args.state === 'absent_from_fstab') {
      const edit = removeFstabEntry(state.fstabText, args.path);
      if (edit.changed) data.fstabText = edit.text;
    }
    if (args.state === 'mounted' || args.state === 'ephemeral') {
      if (!state.pathExists) data.mkdir = true;
      if (!state.mounted) data.mount = 'mount';
      else if (fileChanged) data.mount = 'remount';
    }
    if ((args.state === 'unmounted' || args.state === 'absent') && state.mounted) data.mount = 'umount';
    if (args.state === 'remounted') {
      if (!state.mounted) throw new ModuleFailure(`Error remounting ${args.path}: it is not mounted`);
      data.mount = 'remount';
    }
    if (args.state === 'absent' && state.pathExists) data.rmdir = true;
    if (data.fstabText === undefined && !data.mount && !data.mkdir && !data.rmdir) return { changed: false, result };
    const diff = data.fstabText !== undefined ? [{ before: state.fstabText, after: data.fstabText, before_header: fstab, after_header: fstab }] : [];
    return { changed: true, data, result, diff };
  },
  async apply(ctx, args, plan) {
    const { entry, fstab } = settings(args);
    const { fstabText, mount, mkdir, rmdir } = plan.data;
    const extra: Record<string, unknown> = {};
    if (fstabText !== undefined) {
      const installed = await installFile(ctx, Buffer.from(fstabText), fstab, { backup: args.backup });
      if (installed.backupFile) extra.backup_file = installed.backupFile;
    }
    if (mkdir) await runOrFail(ctx, `mkdir -p -- ${shellQuote(args.path)}`, `Error making dir ${args.path}`);
    if (mount) await mountCommand(ctx, mount, args, fstab, entry);
    if (rmdir) await ctx.target.run(`rmdir -- ${shellQuote(args.path)} 2>/dev/null`);
    return { ...plan.result, ...extra, changed: true };
  },
};
