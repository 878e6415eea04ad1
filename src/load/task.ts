// One task mapping -> a ModuleTask, or a Block (block:, imports, roles).
import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { InputError } from '../core/errors.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { Block, ModuleTask, TaskNode } from './model.ts';
import { canonicalModuleName } from '../modules/registry.ts';
import { HANDLER_KEYWORDS, SHARED_KEYWORDS, TASK_KEYWORDS, plainKeywords, sharedKeywords } from './keywords.ts';
import { actionSpec, buildModuleTask } from './module-task.ts';
import { IMPORT_ACTIONS, RUNNER_ACTIONS } from './actions.ts';
import { didYouMean, nearestNames } from './suggest.ts';
import { checkShape } from './validate.ts';
import { jsOf, locAt, locOfNode, pairOf } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';

const ACTION_KEYWORDS = ['action', 'local_action'];

export async function parseTaskList(ctx: LoadContext, src: YamlFile, seq: unknown, scope: TaskScope): Promise<TaskNode[]> {
  if (seq === null || seq === undefined) return [];
  if (!isSeq(seq)) throw new InputError('expected a list of tasks', locOfNode(src, seq as never));
  const out: TaskNode[] = [];
  for (const item of seq.items) {
    if (!isMap(item)) throw new InputError('a task must be a mapping (module: args, plus keywords)', locOfNode(src, item as never));
    out.push(...(await parseTask(ctx, src, item, scope)));
  }
  return out;
}

export async function parseTask(ctx: LoadContext, src: YamlFile, node: YAMLMap, scope: TaskScope): Promise<TaskNode[]> {
  const raw = plainKeywords((jsOf(src, node) ?? {}) as Record<string, unknown>, scope.handlers ? HANDLER_KEYWORDS : TASK_KEYWORDS);
  const loc = locOfNode(src, node);
  if ('block' in raw) return [await parseBlock(ctx, src, node, raw, scope)];
  const keywords = scope.handlers ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  const actionKeys: string[] = [];
  const unknown: string[] = [];
  for (const key of Object.keys(raw)) {
    if (ACTION_KEYWORDS.includes(key)) actionKeys.push(key);
    else if (keywords.includes(key)) continue;
    else if (
      ctx.catalog.find(key) ||
      ctx.catalog.actionPlugin?.(key) ||
      IMPORT_ACTIONS.includes(canonicalModuleName(key)) ||
      RUNNER_ACTIONS.includes(canonicalModuleName(key))
    )
      actionKeys.push(key);
    else unknown.push(key);
  }
  if (actionKeys.length > 1) {
    throw new InputError(`conflicting action statements: ${actionKeys.join(', ')} (a task runs exactly one module)`, locAt(src, node, [actionKeys[1]], true));
  }
  for (const key of unknown) {
    const nearKeyword = nearestNames(key, keywords, 1).length > 0;
    const keyLoc = locAt(src, node, [key], true);
    if (actionKeys.length || nearKeyword) {
      throw new InputError(`unknown task keyword '${key}'${didYouMean(key, keywords)}`, keyLoc);
    }
    const near = ctx.catalog.suggest(key);
    const hint = near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : '';
    throw new InputError(`couldn't resolve module/action '${key}'${hint}`, keyLoc);
  }
  if (!actionKeys.length) throw new InputError(`task has no module or action (keys: ${Object.keys(raw).join(', ') || 'none'})`, loc);
  const actionKey = actionKeys[0];
  const canonical = canonicalModuleName(actionKey);
  if (IMPORT_ACTIONS.includes(canonical)) return [await ctx.expandImport(ctx, src, node, raw, actionKey, scope)];
  if (ACTION_KEYWORDS.includes(actionKey)) {
    // `action: include_tasks x.yml` is the include written the old way
    const spec = actionSpec(raw, actionKey, locAt(src, node, [actionKey], true));
    if (IMPORT_ACTIONS.includes(canonicalModuleName(spec.module))) {
      const { [actionKey]: _action, ...rest } = raw;
      const args = typeof spec.rawArgs === 'string' ? spec.rawArgs.trim() : spec.rawArgs;
      return [await ctx.expandImport(ctx, src, node, { ...rest, [spec.module]: args }, spec.module, scope)];
    }
  }
  checkShape(src, node, raw, scope.handlers ? ctx.validators.handlerKeywords : ctx.validators.taskKeywords, 'task keyword');
  return [buildModuleTask(ctx, src, node, raw, actionKey, scope)];
}

async function parseBlock(ctx: LoadContext, src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, scope: TaskScope): Promise<Block> {
  if (scope.handlers) throw new InputError('handlers must be plain module tasks (no block)', locOfNode(src, node));
  checkShape(src, node, raw, ctx.validators.block, 'block keyword');
  const section = (key: string) => parseTaskList(ctx, src, pairOf(node, key)?.value ?? null, scope);
  return {
    kind: 'block',
    ...sharedKeywords(raw),
    block: await section('block'),
    rescue: await section('rescue'),
    always: await section('always'),
    loc: locOfNode(src, node),
  };
}

export { SHARED_KEYWORDS };
export type { ModuleTask };
