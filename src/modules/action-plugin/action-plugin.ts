// A user's Python action plugin (action_plugins/x.py), run unchanged on the CONTROLLER as
// ansible-playbook runs it: python3 with the bridge package (bridge-*.ts) first on its import
// path, talking to warren over a pipe (plugin-process.ts). What it asks for is answered here:
// modules and actions run through the runner's own module path (ctx.controller), commands
// through the task's one port (ctx.target), templates and variables with the task's vars.
// Its outcome cannot be planned from outside, so, as a user's library/ module:
//   check mode: checkRun runs it with check_mode set; the modules it runs get check mode;
//   a real run: the plan is "may change" and apply runs it.
import { basename } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import { UnreachableError } from '../../core/errors.ts';
import { toPlain } from '../../template/python-numbers.ts';
import { type ControllerPort, type ModuleContext, type ModuleDefinition, ModuleFailure, type ModuleResult } from '../module.ts';
import { BRIDGE_MODULES } from './bridge-ansible.ts';
import { type PluginReply, type PluginRequest, runPluginProcess } from './plugin-process.ts';

/** Anything goes: the plugin checks its own arguments (_VALID_ARGS, validate_argument_spec). */
const ANY_ARGS = { type: 'object' };

const FILE_KINDS = ['files', 'templates', 'vars'] as const;

/** The first message: the bridge's sources, the plugin, the task and the play context. */
function startMessage(ctx: ModuleContext, port: ControllerPort, file: string, name: string, args: Record<string, unknown>, check: boolean) {
  const { task, play } = port;
  return {
    bridge: BRIDGE_MODULES,
    plugin: file,
    name,
    basedir: play.basedir,
    search: play.search,
    task: {
      args: toPlain(args),
      action: task.action,
      name: task.name ?? '',
      async: task.asyncSeconds,
      poll: task.poll,
      check,
      diff: ctx.diff,
      no_log: ctx.noLog === true,
      delegate_to: task.delegateTo ?? null,
      register: task.register ?? null,
    },
    play: {
      check_mode: check,
      diff: ctx.diff,
      no_log: ctx.noLog === true,
      verbosity: play.verbosity,
      connection: play.connection,
      remote_addr: ctx.host,
      remote_user: play.remoteUser ?? null,
      become: play.become,
      become_user: play.becomeUser ?? null,
    },
  };
}

const value = (v: unknown): PluginReply => ({ value: toPlain(v) });
const failure = (err: unknown, kind?: string): PluginReply => ({ error: (err as Error).message, ...(kind ? { kind } : {}) });

/** Every variable name the task sees, inherited layers included. */
function varNames(vars: ModuleContext['vars']): string[] {
  const names: string[] = [];
  for (const name in vars) names.push(name);
  return names;
}

async function runRequested(port: ControllerPort, request: PluginRequest, check: boolean): Promise<PluginReply> {
  const name = String(request.name);
  const as = request.op === 'action' ? 'action' : 'module';
  try {
    const result = await port.runModule(name, (request.args ?? {}) as Record<string, unknown>, { as, check });
    return result ? value(result) : { error: `The module ${name} was not found in configured module paths` };
  } catch (err) {
    return failure(err, err instanceof UnreachableError ? 'unreachable' : undefined);
  }
}

async function answer(ctx: ModuleContext, port: ControllerPort, request: PluginRequest, check: boolean): Promise<PluginReply> {
  switch (request.op) {
    case 'module':
    case 'action':
      return runRequested(port, request, check);
    case 'find': {
      const name = String(request.name);
      const found = port.lookup(name, request.kind === 'action' ? 'action' : 'module');
      const plugin = found.actionPlugin ? found.file : undefined;
      return value({ found: found.found, plugin: plugin ?? null, name: plugin ? basename(plugin, '.py') : name, path: found.file ?? name });
    }
    case 'template':
      try {
        return value(port.template(request.value));
      } catch (err) {
        return failure(err, 'template');
      }
    case 'var': {
      const name = String(request.name);
      return value(name in ctx.vars ? { defined: true, value: ctx.vars[name] } : { defined: false });
    }
    case 'var_names':
      return value(varNames(ctx.vars));
    case 'command': {
      const cd = typeof request.chdir === 'string' && request.chdir ? `cd ${shellQuote(request.chdir)} || exit 1\n` : '';
      const stdin = typeof request.stdin === 'string' ? { stdin: request.stdin } : {};
      const r = await ctx.target.run(`${cd}${String(request.cmd)}`, stdin);
      return value({ rc: r.code ?? -1, stdout: r.stdout, stderr: r.stderr });
    }
    case 'find_file': {
      const kind = FILE_KINDS.find((k) => k === request.kind) ?? 'files';
      try {
        return value(ctx.findFile(kind, String(request.name)));
      } catch (err) {
        return failure(err, 'not_found');
      }
    }
    case 'vars_file':
      if (!ctx.readVarsFile) return { error: 'no vars files outside a playbook run' };
      return value(await ctx.readVarsFile(String(request.path)));
    case 'display':
      port.display(Number(request.level) || 0, String(request.msg));
      return value(null);
    case 'warning':
      port.warn(String(request.msg));
      return value(null);
    default:
      return { error: `warren's bridge does not answer '${request.op}'` };
  }
}

async function runActionPlugin(ctx: ModuleContext, file: string, name: string, args: Record<string, unknown>, check: boolean): Promise<ModuleResult> {
  const port = ctx.controller;
  if (!port) throw new ModuleFailure(`the action plugin ${name} (${file}) runs only inside a playbook run`);
  const outcome = await runPluginProcess(startMessage(ctx, port, file, name, args, check), (request) => answer(ctx, port, request, check));
  if ('problem' in outcome) throw new ModuleFailure(`the action plugin ${name} (${file}) could not run: ${outcome.problem}`);
  const result = outcome.result;
  if (result.unreachable === true) throw new UnreachableError(ctx.host, String(result.msg ?? 'unreachable'));
  // Ansible: a missing `changed` is false; a missing `failed` stays missing (the runner decides it, rc included).
  return { ...result, changed: result.changed === true };
}

const definitions = new Map<string, ModuleDefinition>();

/** The definition for an action plugin file (one per file). */
export function actionPluginModule(file: string): ModuleDefinition {
  const known = definitions.get(file);
  if (known) return known;
  const name = basename(file).replace(/\.py$/, '');
  const def: ModuleDefinition<Record<string, unknown>, Record<string, never>> = {
    name,
    actionPluginFile: file,
    argsSchema: ANY_ARGS,
    checkRun: (ctx, args) => runActionPlugin(ctx, file, name, args, true),
    probe: async () => ({}),
    plan: () => ({ changed: true }),
    apply: (ctx, args) => runActionPlugin(ctx, file, name, args, false),
  };
  definitions.set(file, def);
  return def;
}
