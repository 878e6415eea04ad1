// Before any host is touched: every expression a play holds (task arguments and keywords,
// conditions, vars, role defaults/vars, handlers) and every template file named by a literal
// (or load-time resolvable) `src` or by `lookup('template', 'literal.j2')` must parse. A problem is bad input (exit 4) at file:line:col.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';
import type { IncludeTask, ModuleTask, Play, RoleContext, TaskNode } from '../load/model.ts';
import type { IncludeLoader } from '../load/include-loader.ts';
import type { Vars } from '../core/vars.ts';
import { checkCondition, checkTemplateTree, checkValue, templateLookupNames, type TemplateProblem } from '../template/check.ts';
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
  /** the run's template size limit: a bigger file is not parsed here (the task fails on it when it runs) */
  maxBytes?: number;
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
  if (src) checkTemplateNamed(src, role, playDir, known.maxBytes);
}

/** A template file found as the template module or lookup finds it, with what it includes. */
function checkTemplateNamed(src: string, role: RoleContext | undefined, playDir: string, maxBytes: number | undefined): void {
  const rolePath = role?.path;
  const path = searchPaths('templates', src, rolePath, playDir).find((p) => existsSync(p));
  if (!path) return; // the module reports a missing file, with the paths it searched
  const dirs = [...(rolePath ? [join(rolePath, 'templates'), rolePath] : []), join(playDir, 'templates'), playDir];
  const p = checkTemplateTree(path, dirs, maxBytes);
  if (!p) return;
  const from = p.includedFrom.length ? ` (included from ${p.includedFrom.map((f) => `${f.file}:${f.line}`).join(' <- ')})` : '';
  throw new InputError(`template syntax error: ${p.message}${from}`, { file: p.file, line: p.line ?? 1, col: p.col ?? 1 });
}

/** Template files named by `lookup('template', 'x.j2')` in the strings of `value`. */
function checkTemplateLookups(value: unknown, role: RoleContext | undefined, playDir: string, known: LoadTimeVars, condition = false): void {
  if (typeof value === 'string') {
    for (const name of templateLookupNames(value, condition)) checkTemplateNamed(name, role, playDir, known.maxBytes);
  } else if (Array.isArray(value)) {
    for (const item of value) checkTemplateLookups(item, role, playDir, known, condition);
  } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) checkTemplateLookups(item, role, playDir, known, condition);
  }
}

function checkTask(node: TaskNode, playDir: string, roles: Set<object>, known: LoadTimeVars, outerRole?: RoleContext): void {
  const role = (node.kind !== 'include' ? node.role : undefined) ?? outerRole;
  if (node.kind !== 'include' && node.role && !roles.has(node.role)) {
    roles.add(node.role);
    checkTree(node.role.defaults, node.loc, 'role defaults');
    checkTree(node.role.vars, node.loc, 'role vars');
    checkTree(node.role.params, node.loc, 'role params');
    checkTemplateLookups([node.role.defaults, node.role.vars, node.role.params], node.role, playDir, known);
  }
  checkTemplateLookups([node.vars, node.name], role, playDir, known);
  checkTemplateLookups(node.when, role, playDir, known, true);
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
  checkTemplateLookups([node.args, node.loop ?? node.loopLookup?.terms], role, playDir, known);
  checkTemplateLookups([node.changed_when, node.failed_when, node.until, node.module === 'assert' ? thatList(node.args.that) : []], role, playDir, known, true);
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
  const known: LoadTimeVars = { engine, extraVars, playVars: play.vars as Vars, maxBytes: engine?.maxFileBytes };
  checkTemplateLookups(play.vars, undefined, playDir, known);
  const roles = new Set<object>();
  for (const node of [...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks, ...play.handlers]) checkTask(node, playDir, roles, known);
}

/** Load-time vars for a task in `role`: what a computed include name may be rendered with. */
function loadTimeScope(role: RoleContext | undefined, taskVars: Vars | undefined, playDir: string, known: LoadTimeVars): Vars {
  return {
    ...role?.defaults,
    ...known.playVars,
    ...role?.vars,
    ...taskVars,
    ...role?.params,
    ...known.extraVars,
    playbook_dir: playDir,
    ...(role ? { role_path: role.path, role_name: role.name } : {}),
  };
}

/** The include's target and role arguments rendered with load-time vars; undefined when they need a host. */
function includeTarget(node: IncludeTask, role: RoleContext | undefined, playDir: string, known: LoadTimeVars): { target: string; roleArgs: Vars } | undefined {
  const templated = /\{[{%]/.test(node.target) || hasTemplateIn(node.roleArgs);
  if (!templated) return { target: node.target, roleArgs: node.roleArgs ?? {} };
  if (!known.engine) return undefined;
  const vars = loadTimeScope(role, node.vars, playDir, known);
  try {
    const target = String(known.engine.renderString(node.target, vars, node.loc)).trim();
    const roleArgs = known.engine.renderValue(node.roleArgs ?? {}, vars, node.loc);
    return target ? { target, roleArgs } : undefined;
  } catch {
    return undefined; // needs facts, host vars, loop items or registered results: loaded when it runs
  }
}

function hasTemplateIn(value: unknown): boolean {
  return value !== undefined && JSON.stringify(value).includes('{{');
}

/**
 * --syntax-check: the files include_tasks/include_role reach, when their names are literal or
 * load-time vars (extra, play, role) resolve them, are loaded and checked like the play's own
 * tasks (YAML, keywords, expressions, template files), recursively. A file that does not exist
 * (yet), an include behind `when` and a handler's include are left to the run.
 */
export async function checkPlayIncludes(play: Play, playbookDir: string, loader: IncludeLoader, engine?: TemplateEngine, extraVars: Vars = {}): Promise<void> {
  const playDir = play.dir ?? playbookDir;
  const known: LoadTimeVars = { engine, extraVars, playVars: play.vars as Vars };
  const seen = new Set<string>();
  const roles = new Set<object>();
  const visit = async (nodes: TaskNode[], outerRole?: RoleContext): Promise<void> => {
    for (const node of nodes) {
      if (node.kind === 'block') {
        if (node.when?.length) continue;
        await visit([...node.block, ...node.rescue, ...node.always], node.role ?? outerRole);
        continue;
      }
      // an include behind `when` may never run (a Windows-only file on Linux): left to the run
      if (node.kind !== 'include' || node.when?.length) continue;
      const resolved = includeTarget(node, outerRole, playDir, known);
      if (!resolved) continue;
      const key = `${node.action}\0${node.scope.fileDir}\0${resolved.target}\0${JSON.stringify(resolved.roleArgs)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let included: TaskNode[];
      try {
        included =
          node.action === 'include_tasks'
            ? await loader.tasks(resolved.target, node.scope, playDir, node.loc)
            : [(await loader.role(resolved.target, resolved.roleArgs, {}, node.scope, playDir, node.loc)).block];
      } catch (error) {
        if (error instanceof InputError && /Could not find or access|role '[^']*' not found/.test(error.message)) continue;
        throw error;
      }
      for (const child of included) checkTask(child, playDir, roles, known, outerRole);
      await visit(included, outerRole);
    }
  };
  // handlers are loaded when notified, as in Ansible
  await visit([...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks]);
}
