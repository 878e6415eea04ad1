// A task whose action is a module (or meta:) -> ModuleTask, with literal arguments checked now.
import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { InputError } from '../core/errors.ts';
import { canonicalModuleName, userFileFields } from '../modules/registry.ts';
import type { ModuleDefinition } from '../modules/module.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { SourceLocation } from '../core/location.ts';
import type { ModuleTask } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { loopKeywordsOf } from './loop-keywords.ts';
import { parseFreeForm, splitTokens } from './free-form.ts';
import { sharedKeywords, toConditions, toStringList } from './keywords.ts';
import { isMissingArgument, moduleArgIssues } from './module-args.ts';
import { throwIssues } from './validate.ts';
import { locAt, nodeAt } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';
import { ASYNC_STATUS_ACTION, META_ACTION, META_ACTIONS } from './actions.ts';

interface ActionSpec {
  module: string;
  rawArgs: unknown;
  argsPath: string[]; // where the args live in the task node
}

export function actionSpec(raw: Record<string, unknown>, actionKey: string, loc: SourceLocation): ActionSpec {
  if (actionKey !== 'action' && actionKey !== 'local_action') return { module: actionKey, rawArgs: raw[actionKey], argsPath: [actionKey] };
  const value = raw[actionKey];
  if (typeof value === 'string') {
    const [first, ...rest] = splitTokens(value, loc);
    if (!first) throw new InputError(`${actionKey}: missing module name`, loc);
    return { module: first.raw, rawArgs: rest.length ? value.slice(rest[0].start) : null, argsPath: [actionKey] };
  }
  const { module, ...args } = value as Record<string, unknown>;
  if (typeof module !== 'string') throw new InputError(`${actionKey}: a mapping needs a 'module' key naming the module`, loc);
  return { module, rawArgs: args, argsPath: [actionKey] };
}

function argsOf(def: ModuleDefinition, rawArgs: unknown, loc: SourceLocation): Vars {
  if (rawArgs === null || rawArgs === undefined) return {};
  if (typeof rawArgs === 'string' || typeof rawArgs === 'number' || typeof rawArgs === 'boolean') return parseFreeForm(def, String(rawArgs), loc);
  if (Array.isArray(rawArgs)) throw new InputError(`${def.name}: arguments must be a mapping or key=value text, not a list`, loc);
  return { ...(rawArgs as Vars) };
}

/** retries: an integer; delay/async/poll/timeout may be fractional; or a template the runner renders per host. */
export function toCount(raw: Record<string, unknown>, key: string, loc: SourceLocation, fractional = false): number | string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  const pattern = fractional ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if ((typeof v === 'number' && v >= 0 && (fractional || Number.isInteger(v))) || (typeof v === 'string' && pattern.test(v.trim()))) return Number(v);
  if (typeof v === 'string' && v.includes('{{')) return v;
  const what = fractional ? 'a number of seconds' : 'an integer';
  throw new InputError(`'${key}' must be ${what} or a template like "{{ ${key}_value }}" (got ${JSON.stringify(v)})`, loc);
}

/** async_status: jid (and mode), as a mapping or `jid={{ job.ansible_job_id }}`. */
function asyncStatusArgs(rawArgs: unknown, loc: SourceLocation): Vars {
  const args: Vars =
    typeof rawArgs === 'string'
      ? Object.fromEntries(splitTokens(rawArgs, loc).map((t) => [t.raw.slice(0, t.raw.indexOf('=')), t.raw.slice(t.raw.indexOf('=') + 1)]))
      : { ...((rawArgs ?? {}) as Vars) };
  for (const key of Object.keys(args))
    if (key !== 'jid' && key !== 'mode') throw new InputError(`async_status: unsupported parameter '${key}' (expected jid, mode)`, loc);
  if (args.jid === undefined) throw new InputError('async_status: missing required argument jid', loc);
  if (args.mode !== undefined && args.mode !== 'status' && args.mode !== 'cleanup') throw new InputError('async_status: mode must be status or cleanup', loc);
  return args;
}

export function buildModuleTask(ctx: LoadContext, src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, actionKey: string, scope: TaskScope): ModuleTask {
  const loc = locAt(src, node, []);
  const keyLoc = locAt(src, node, [actionKey], true);
  const spec = actionSpec(raw, actionKey, keyLoc);
  const module = canonicalModuleName(spec.module);
  const task: ModuleTask = { kind: 'task', module, args: {}, ...sharedKeywords(raw), ...loopKeywordsOf(raw, loc), loc };
  if (module === META_ACTION) {
    const action = String(spec.rawArgs ?? '').trim();
    if (!META_ACTIONS.includes(action))
      throw new InputError(`meta: unknown action '${action}' (expected one of ${META_ACTIONS.join(', ')})`, locAt(src, node, spec.argsPath));
    task.args = { action };
  } else if (module === ASYNC_STATUS_ACTION) {
    task.args = asyncStatusArgs(spec.rawArgs, locAt(src, node, spec.argsPath));
  } else if (spec.module.includes('{{')) {
    // `action: {module: "{{ name }}"}`: the runner renders the name per host, then checks the args
    task.module = spec.module;
    const written = typeof spec.rawArgs === 'string' ? { _raw_params: spec.rawArgs } : ((spec.rawArgs ?? {}) as Vars);
    task.args = { ...((raw.args as Vars | undefined) ?? {}), ...written };
  } else {
    const def = ctx.catalog.find(spec.module);
    if (!def) {
      const near = ctx.catalog.suggest(module);
      throw new InputError(
        `couldn't resolve module/action '${spec.module}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}`,
        keyLoc,
      );
    }
    const argsNode = nodeAt(node, spec.argsPath);
    const args = { ...((raw.args as Vars | undefined) ?? {}), ...argsOf(def, spec.rawArgs, locAt(src, node, spec.argsPath)) };
    // A task that expects to fail (ignore_errors) may lack a required argument on purpose, as
    // Ansible's own tests do: that becomes the task's failure at run time, as in Ansible.
    const expectsFailure = raw.ignore_errors !== undefined && raw.ignore_errors !== false;
    const issues = moduleArgIssues(def, args, true).filter((i) => !(expectsFailure && isMissingArgument(i)));
    throwIssues(
      src,
      isMap(argsNode) && actionKey !== 'action' && actionKey !== 'local_action' ? argsNode : nodeAt(node, spec.argsPath),
      issues.map((i) => (isMap(argsNode) ? i : { ...i, path: [] })),
    );
    task.args = args;
    if (def.source || def.actionPluginFile) Object.assign(task, { module: def.name, ...userFileFields(def) });
  }
  if (actionKey === 'local_action') task.delegate_to = 'localhost';
  if (raw.register) task.register = String(raw.register);
  const lists = { notify: toStringList(raw.notify), listen: toStringList(raw.listen) };
  if (lists.notify) task.notify = lists.notify;
  if (lists.listen) task.listen = lists.listen;
  for (const key of ['changed_when', 'failed_when', 'until'] as const) {
    const cond = toConditions(raw[key]);
    if (cond) task[key] = cond;
  }
  const retries = toCount(raw, 'retries', locAt(src, node, ['retries']));
  if (retries !== undefined) task.retries = retries;
  for (const key of ['delay', 'async', 'poll'] as const) {
    const value = toCount(raw, key, locAt(src, node, [key]), true);
    if (value !== undefined) task[key] = value;
  }
  if (raw.timeout !== undefined) task.timeout = toCount(raw, 'timeout', locAt(src, node, ['timeout']), true);
  if (raw.delegate_facts !== undefined) task.delegate_facts = raw.delegate_facts === true;
  if (scope.handlers && scope.role) task.role = scope.role;
  return task;
}
