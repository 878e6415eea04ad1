// A task whose action is a module (or meta:) -> ModuleTask, with literal arguments checked now.
import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { InputError } from '../core/errors.ts';
import { canonicalModuleName } from '../modules/registry.ts';
import type { ModuleDefinition } from '../modules/module.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { SourceLocation } from '../core/location.ts';
import type { LoopControl, ModuleTask } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { parseFreeForm, splitTokens } from './free-form.ts';
import { sharedKeywords, toConditions, toStringList } from './keywords.ts';
import { moduleArgIssues } from './module-args.ts';
import { throwIssues } from './validate.ts';
import { locAt, nodeAt } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';
import { META_ACTION, META_ACTIONS } from './actions.ts';

interface ActionSpec {
  module: string;
  rawArgs: unknown;
  argsPath: string[]; // where the args live in the task node
}

function actionSpec(raw: Record<string, unknown>, actionKey: string, loc: SourceLocation): ActionSpec {
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

/** retries/delay: an integer, or a template the runner renders per host (as Ansible does). */
function toCount(raw: Record<string, unknown>, key: string, loc: SourceLocation): number | string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || /^\d+$/.test(String(v))) return Number(v);
  if (typeof v === 'string' && v.includes('{{')) return v;
  throw new InputError(`'${key}' must be an integer or a template like "{{ ${key}_count }}" (got ${JSON.stringify(v)})`, loc);
}

function loopOf(raw: Record<string, unknown>): unknown {
  if (raw.loop !== undefined) return raw.loop;
  const items = raw.with_items;
  // with_items flattens one level, loop does not.
  return Array.isArray(items) ? items.flat(1) : items;
}

export function buildModuleTask(ctx: LoadContext, src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, actionKey: string, scope: TaskScope): ModuleTask {
  const loc = locAt(src, node, []);
  const keyLoc = locAt(src, node, [actionKey], true);
  const spec = actionSpec(raw, actionKey, keyLoc);
  const module = canonicalModuleName(spec.module);
  const task: ModuleTask = { kind: 'task', module, args: {}, ...sharedKeywords(raw), loc };
  if (raw.loop !== undefined && raw.with_items !== undefined) throw new InputError(`use either 'loop' or 'with_items', not both`, loc);
  if (module === META_ACTION) {
    const action = String(spec.rawArgs ?? '');
    if (action === 'refresh_inventory') throw new InputError(`meta: refresh_inventory is not supported: warren reads the inventory once, before the run`, locAt(src, node, spec.argsPath));
    if (!META_ACTIONS.includes(action)) throw new InputError(`meta: unknown action '${action}' (expected one of ${META_ACTIONS.join(', ')})`, locAt(src, node, spec.argsPath));
    task.args = { action };
  } else {
    const def = ctx.catalog.find(module);
    if (!def) {
      const near = ctx.catalog.suggest(module);
      throw new InputError(`couldn't resolve module/action '${spec.module}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}`, keyLoc);
    }
    const argsNode = nodeAt(node, spec.argsPath);
    const args = { ...((raw.args as Vars | undefined) ?? {}), ...argsOf(def, spec.rawArgs, locAt(src, node, spec.argsPath)) };
    const issues = moduleArgIssues(def, args, true);
    throwIssues(src, isMap(argsNode) && actionKey !== 'action' && actionKey !== 'local_action' ? argsNode : nodeAt(node, spec.argsPath), issues.map((i) => (isMap(argsNode) ? i : { ...i, path: [] })));
    task.args = args;
  }
  if (actionKey === 'local_action') task.delegate_to = 'localhost';
  const loop = loopOf(raw);
  if (loop !== undefined) task.loop = loop;
  if (raw.loop_control) task.loop_control = raw.loop_control as LoopControl;
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
  const delay = toCount(raw, 'delay', locAt(src, node, ['delay']));
  if (delay !== undefined) task.delay = delay;
  if (scope.handlers && scope.role) task.role = scope.role;
  return task;
}
