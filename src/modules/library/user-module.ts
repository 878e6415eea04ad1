// A module the user ships in library/ (or ansible.cfg `library`), run on its host with the host's
// python as Ansible runs it (module-launch.ts), through the task's one port: become and
// environment come with ctx.target. Its outcome cannot be planned from outside, so:
//   check mode: the probe runs it with _ansible_check_mode (AnsibleModule answers "skipped" when
//               the module does not support check mode, as in Ansible); its answer is the plan;
//   a real run: the plan is "may change" and apply runs it; its own `changed` is the result.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ANSIBLE_CORE_VERSION } from '../../core/ansible-version.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { moduleShape, type ModuleShape } from './module-style.ts';
import { PYTHON_CANDIDATES, launchRequest, launchScript } from './module-launch.ts';
import { moduleOutput } from './module-output.ts';

/** Anything goes: the module validates its own arguments (AnsibleModule's argument_spec). */
const ANY_ARGS = { type: 'object' };

interface Loaded {
  source: Buffer;
  shape: ModuleShape;
}

/** ansible_python_interpreter when it names one (not Ansible's 'auto' discovery modes), else the candidates. */
function pythonsFor(vars: ModuleContext['vars']): string[] {
  const named = vars.ansible_python_interpreter;
  return typeof named === 'string' && named.trim() && !named.startsWith('auto') ? [named.trim()] : PYTHON_CANDIDATES;
}

/** Ansible's DEFAULT_SELINUX_SPECIAL_FS: file systems AnsibleModule gives a fixed selinux context. */
const SELINUX_SPECIAL_FS = ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'];

const textVar = (vars: ModuleContext['vars'], name: string, fallback: string | null) => {
  const value = vars[name];
  return typeof value === 'string' && value.trim() ? value : fallback;
};

/** The internal arguments AnsibleModule reads (PASS_VARS), as Ansible's action plugin adds them
 * (_ansible_tmpdir and _ansible_remote_tmp come from the wrapper, which makes the temp dir). */
function internalArgs(ctx: ModuleContext, name: string, check: boolean): Record<string, unknown> {
  return {
    _ansible_check_mode: check,
    _ansible_no_log: ctx.noLog === true,
    _ansible_debug: false,
    _ansible_diff: ctx.diff,
    _ansible_verbosity: typeof ctx.vars.ansible_verbosity === 'number' ? ctx.vars.ansible_verbosity : 0,
    _ansible_version: ANSIBLE_CORE_VERSION,
    _ansible_module_name: name,
    _ansible_syslog_facility: textVar(ctx.vars, 'ansible_syslog_facility', 'LOG_USER'),
    _ansible_selinux_special_fs: SELINUX_SPECIAL_FS,
    _ansible_string_conversion_action: 'warn',
    _ansible_socket: textVar(ctx.vars, 'ansible_socket', null),
    _ansible_shell_executable: textVar(ctx.vars, 'ansible_shell_executable', '/bin/sh'),
    _ansible_keep_remote_files: false,
  };
}

async function runUserModule(ctx: ModuleContext, file: string, name: string, loaded: Loaded, args: Record<string, unknown>, check: boolean) {
  const request = launchRequest(basename(file), loaded.source, loaded.shape, { ...args, ...internalArgs(ctx, name, check) });
  const r = await ctx.target.run(launchScript(pythonsFor(ctx.vars)), { stdin: request });
  return moduleOutput(r, { module: name, file, host: ctx.host });
}

const definitions = new Map<string, ModuleDefinition>();

/** The definition for a user module file (one per file; the file is read once, when first run). */
export function userModule(file: string): ModuleDefinition {
  const known = definitions.get(file);
  if (known) return known;
  const name = basename(file).replace(/\.py$/, '');
  let loaded: Loaded | undefined;
  const load = (): Loaded => {
    if (!loaded) {
      const source = readFileSync(file);
      loaded = { source, shape: moduleShape(file, source) };
    }
    return loaded;
  };
  const def: ModuleDefinition<Record<string, unknown>, Record<string, never>> = {
    name,
    source: file,
    argsSchema: ANY_ARGS,
    // Only the module can predict itself: check mode runs it with _ansible_check_mode.
    checkRun: async (ctx, args) => {
      const result = await runUserModule(ctx, file, name, load(), args, true);
      return { ...result, changed: result.changed === true };
    },
    probe: async () => ({}),
    plan: () => ({ changed: true }),
    apply: async (ctx, args) => {
      const result = await runUserModule(ctx, file, name, load(), args, false);
      return { ...result, changed: result.changed === true };
    },
  };
  definitions.set(file, def);
  return def;
}
