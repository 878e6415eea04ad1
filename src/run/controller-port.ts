// The runner's side of a Python action plugin (modules/action-plugin/): the modules it asks for
// are found in the run's catalog (the user's library/ over warren's) and run with executeModule on
// the task's own ModuleContext, so become, environment, diff and no_log are the task's, as for
// any module; check mode is the plugin's own (checkRun or apply).
import type { Vars } from '../core/vars.ts';
import { InputError } from '../core/errors.ts';
import type { ModuleTask } from '../load/model.ts';
import { validateModuleArgs } from '../load/module-args.ts';
import { executeModule } from '../modules/execute.ts';
import type { ControllerPort, ModuleContext, ModuleDefinition } from '../modules/module.ts';
import type { Inherited } from './inherit.ts';
import { becomeFor } from './module-context.ts';
import type { PlayContext } from './run-context.ts';
import { remoteUserFor, renderCount } from './templated-keywords.ts';

/** `_raw_params` (Ansible's free-form key) under the module's own free-form name; no `_ansible_*` internals. */
function moduleArgsOf(def: ModuleDefinition, args: Record<string, unknown>): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(args).filter(([k]) => !k.startsWith('_ansible_')));
  if (def.freeForm && def.freeForm !== '_raw_params' && '_raw_params' in out) {
    if (!(def.freeForm in out)) out[def.freeForm] = out._raw_params;
    delete out._raw_params;
  }
  return out;
}

export function controllerPort(pc: PlayContext, task: ModuleTask, inh: Inherited, host: string, vars: Vars, ctx: ModuleContext): ControllerPort {
  const catalog = pc.run.includes.modules;
  const moduleNamed = (name: string) => {
    const def = catalog.module ? catalog.module(name) : catalog.find(name);
    return def?.actionPluginFile ? undefined : def;
  };
  const answering = (name: string, as: 'module' | 'action') => (as === 'action' ? catalog.find(name) : moduleNamed(name));
  const become = becomeFor(pc, inh, vars, task.loc);
  const delegateTo = inh.delegate_to ? String(pc.run.engine.renderString(inh.delegate_to, vars, task.loc)) : undefined;
  const roleDir = inh.role?.path;
  const basedir = pc.play.dir ?? pc.run.playbook.dir;
  return {
    async runModule(name, args, { as, check }) {
      const def = answering(name, as);
      if (!def) return undefined;
      const moduleArgs = moduleArgsOf(def, args);
      try {
        validateModuleArgs(def, moduleArgs, task.loc);
      } catch (err) {
        if (err instanceof InputError) return { changed: false, failed: true, msg: `${name}: ${err.message}` };
        throw err;
      }
      return executeModule(def, ctx, moduleArgs, { check });
    },
    lookup(name, as) {
      const def = answering(name, as);
      const file = def?.actionPluginFile ?? def?.source;
      return { found: def !== undefined, ...(file ? { file } : {}), ...(def?.actionPluginFile ? { actionPlugin: true } : {}) };
    },
    template: (value) => pc.run.engine.renderValue(value, vars, task.loc),
    display: (level, message) => pc.run.emit({ type: 'verbose', level, host, message }),
    warn: (message) => pc.run.emit({ type: 'warning', message }),
    task: {
      action: task.module,
      ...(task.name ? { name: task.name } : {}),
      asyncSeconds: task.async !== undefined ? renderCount(pc.run, task.async, vars, task.loc, 'async', true) : 0,
      poll: task.poll !== undefined ? renderCount(pc.run, task.poll, vars, task.loc, 'poll', true) : 10,
      ...(task.register ? { register: task.register } : {}),
      ...(delegateTo ? { delegateTo } : {}),
    },
    play: {
      verbosity: pc.run.options.verbosity,
      connection: String(vars.ansible_connection ?? pc.run.options.connection ?? 'ssh'),
      ...withRemoteUser(remoteUserFor(pc, host, inh)),
      become: become !== undefined,
      ...(become ? { becomeUser: become.user } : {}),
      basedir,
      search: roleDir ? [roleDir, basedir] : [basedir],
    },
  };
}

const withRemoteUser = (user: string | undefined) => (user ? { remoteUser: user } : {});
