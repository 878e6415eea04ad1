// Before any host is touched: every expression a play holds (task arguments and keywords,
// conditions, vars, role defaults/vars, handlers) and every template file named by a literal
// `src` must parse. A problem is bad input (exit 4) at file:line:col.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';
import type { ModuleTask, Play, RoleContext, TaskNode } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import { checkCondition, checkTemplateTree, checkValue, type TemplateProblem } from '../template/check.ts';
import type { TemplateEngine } from '../template/engine.ts';
import { searchPaths } from './module-context.ts';

const CONDITION_KEYS = ['when', 'changed_when', 'failed_when', 'until'] as const;
const TEMPLATE_MODULES = new Set(['template']);

function fail(p: TemplateProblem, where: SourceLocation, key: string): never {
  const inText = p.line !== undefined && p.line > 1 ? ` (line ${p.line} of the value)` : '';
  throw new InputError(`template error in '${key}'${inText}: ${p.message}`, where);
}

function checkTree(value: unknown, where: SourceLocation, key: string): void {
  if (typeof value === 'string') {
    const p = checkValue(value);
    if (p) fail(p, where, key);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkTree(item, where, `${key}[${i}]`));
  } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      checkTree(k, where, key);
      checkTree(v, where, key ? `${key}.${k}` : k);
    }
  }
}

function checkConditions(list: string[] | undefined, where: SourceLocation, key: string): void {
  for (const condition of list ?? []) {
    if (typeof condition !== 'string') continue;
    const p = checkCondition(condition);
    if (p) fail(p, where, key);
  }
}

/** Vars known before any host: what a templated `src:` may be rendered with at load time. */
interface LoadTimeVars {
  engine?: TemplateEngine;
  extraVars: Vars;
  playVars: Vars;
}

/** The literal `src`, or a templated one that load-time vars (extra, play, role) already resolve; else undefined. */
function srcPath(task: ModuleTask, role: RoleContext | undefined, playDir: string, known: LoadTimeVars): string | undefined {
  const src = task.args.src;
  if (typeof src !== 'string') return undefined;
  if (!/\{[{%]/.test(src)) return src;
  if (!known.engine) return undefined;
  const vars = {
    ...role?.defaults,
    ...known.playVars,
    ...role?.vars,
    ...task.vars,
    ...role?.params,
    ...known.extraVars,
    playbook_dir: playDir,
    ...(role ? { role_path: role.path, role_name: role.name } : {}),
  };
  try {
    const rendered = known.engine.renderString(src, vars, task.loc);
    return typeof rendered === 'string' && rendered ? rendered : undefined;
  } catch {
    return undefined; // needs facts, host vars or registered results: checked when it runs
  }
}

/** `role`: the task's own or the one of the block it is in (roles: and import_role are blocks). */
function checkTemplateSrc(task: ModuleTask, role: RoleContext | undefined, playDir: string, known: LoadTimeVars): void {
  if (!TEMPLATE_MODULES.has(task.module)) return;
  const src = srcPath(task, role, playDir, known);
  if (!src) return;
  const rolePath = role?.path;
  const path = searchPaths('templates', src, rolePath, playDir).find((p) => existsSync(p));
  if (!path) return; // the module reports a missing file, with the paths it searched
  const dirs = [...(rolePath ? [join(rolePath, 'templates'), rolePath] : []), join(playDir, 'templates'), playDir];
  const p = checkTemplateTree(path, dirs);
  if (!p) return;
  const from = p.includedFrom.length ? ` (included from ${p.includedFrom.map((f) => `${f.file}:${f.line}`).join(' <- ')})` : '';
  throw new InputError(`template syntax error: ${p.message}${from}`, { file: p.file, line: p.line ?? 1, col: p.col ?? 1 });
}

function checkTask(node: TaskNode, playDir: string, roles: Set<object>, known: LoadTimeVars, outerRole?: RoleContext): void {
  const role = (node.kind !== 'include' ? node.role : undefined) ?? outerRole;
  if (node.kind !== 'include' && node.role && !roles.has(node.role)) {
    roles.add(node.role);
    checkTree(node.role.defaults, node.loc, 'role defaults');
    checkTree(node.role.vars, node.loc, 'role vars');
    checkTree(node.role.params, node.loc, 'role params');
  }
  checkConditions(node.when, node.loc, 'when');
  checkTree(node.vars ?? {}, node.loc, 'vars');
  checkTree(node.name ?? '', node.loc, 'name');
  checkTree(node.environment ?? {}, node.loc, 'environment');
  checkTree(node.delegate_to ?? '', node.loc, 'delegate_to');
  if (node.kind === 'block') {
    for (const child of [...node.block, ...node.rescue, ...node.always]) checkTask(child, playDir, roles, known, role);
    return;
  }
  if (node.kind === 'include') {
    checkTree(node.target, node.loc, node.action);
    checkTree(node.loop ?? node.loopLookup?.terms ?? '', node.loc, 'loop');
    checkTree(node.loop_control?.label ?? '', node.loc, 'loop_control.label');
    return;
  }
  for (const key of CONDITION_KEYS.slice(1)) checkConditions(node[key], node.loc, key);
  checkTree(node.args, node.loc, 'args');
  checkTree(node.loop ?? node.loopLookup?.terms ?? '', node.loc, 'loop');
  checkTree(node.loop_control?.label ?? '', node.loc, 'loop_control.label');
  checkTree(node.notify ?? [], node.loc, 'notify');
  checkTree(node.retries ?? '', node.loc, 'retries');
  checkTree(node.delay ?? '', node.loc, 'delay');
  if (node.module === 'assert') checkConditions(thatList(node.args.that), node.loc, 'that');
  checkTemplateSrc(node, role, playDir, known);
}

function thatList(that: unknown): string[] {
  if (typeof that === 'string') return [that];
  return Array.isArray(that) ? that.filter((t): t is string => typeof t === 'string') : [];
}

export function checkPlayTemplates(play: Play, playbookDir: string, engine?: TemplateEngine, extraVars: Vars = {}): void {
  const playDir = play.dir ?? playbookDir;
  checkTree(play.vars as Vars, play.loc, 'vars');
  checkTree(play.name, play.loc, 'name');
  checkConditions(play.when, play.loc, 'when');
  const roles = new Set<object>();
  const known: LoadTimeVars = { engine, extraVars, playVars: play.vars as Vars };
  for (const node of [...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks, ...play.handlers]) checkTask(node, playDir, roles, known);
}
