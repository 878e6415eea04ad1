// import_tasks/import_role are expanded statically into Blocks (their `{{ }}` rendered now with
// extra and play vars, as Ansible does); include_tasks/include_role (and the old `include`) become
// IncludeTasks the runner loads per host. Keywords on an import go on its Block.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { YAMLMap } from 'yaml';
import { InputError, TemplateError } from '../core/errors.ts';
import { canonicalModuleName } from '../modules/registry.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Block, IncludeTask, TaskNode } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { SHARED_KEYWORDS, sharedKeywords, toStringList } from './keywords.ts';
import { loopKeywordsOf } from './loop-keywords.ts';
import { loadRoleBlock } from './role.ts';
import { loadTaskFile } from './task-list.ts';
import { checkShape } from './validate.ts';
import { exists } from './file-exists.ts';
import { locAt, nodeAt } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';

/** Where a relative tasks file is looked for: the current file's dir, the role's tasks/ dir, the playbook dir. */
export function tasksFileCandidates(name: string, bases: Array<string | undefined>): string[] {
  if (isAbsolute(name)) return [name];
  return [...new Set(bases.filter((b): b is string => !!b).map((b) => resolve(b, name)))];
}

export async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const c of candidates) if (await exists(c)) return c;
  return undefined;
}

async function resolveTasksPath(ctx: LoadContext, name: string, scope: TaskScope, loc: SourceLocation): Promise<string> {
  const candidates = tasksFileCandidates(name, [scope.fileDir, scope.roleTasksDir, ctx.playbookDir]);
  const found = await firstExisting(candidates);
  if (found) return found;
  throw new InputError(`tasks file '${name}' not found (looked in ${candidates.map(dirname).join(', ')})`, loc);
}

/** A static import's `{{ }}`: extra vars, play vars and the enclosing role's vars, as at parse time in Ansible. */
function renderStatic(ctx: LoadContext, text: string, scope: TaskScope, loc: SourceLocation, what: string): string {
  if (!text.includes('{{')) return text;
  const role = scope.role;
  const vars: Vars = { ...role?.defaults, ...ctx.playVars, ...role?.vars, ...role?.params, ...ctx.opts.extraVars, playbook_dir: ctx.playbookDir };
  try {
    return String(ctx.engine().renderString(text, vars, loc));
  } catch (err) {
    if (err instanceof TemplateError) {
      throw new InputError(
        `${what} '${text}' is expanded before the run, so it can only use extra vars and play vars (use include_* to decide per host): ${err.message}`,
        loc,
      );
    }
    throw err;
  }
}

function checkImportKeywords(src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, actionKey: string): void {
  for (const key of Object.keys(raw)) {
    if (key === actionKey || SHARED_KEYWORDS.includes(key)) continue;
    const why = key === 'loop' || key.startsWith('with_') ? ' (imports are expanded statically; use include_tasks/include_role to loop)' : '';
    throw new InputError(`'${key}' cannot be used on ${canonicalModuleName(actionKey)}${why}`, locAt(src, node, [key], true));
  }
}

export async function expandImport(
  ctx: LoadContext,
  src: YamlFile,
  node: YAMLMap,
  raw: Record<string, unknown>,
  actionKey: string,
  scope: TaskScope,
): Promise<TaskNode> {
  const action = canonicalModuleName(actionKey);
  if (action === 'include_tasks' || action === 'include_role' || action === 'include') return includeOf(ctx, src, node, raw, actionKey, scope);
  if (scope.handlers) throw new InputError(`handlers cannot be ${action} (a static import); use include_tasks/include_role`, locAt(src, node, []));
  checkImportKeywords(src, node, raw, actionKey);
  const { [actionKey]: value, ...keywordsRaw } = raw;
  checkShape(src, node, keywordsRaw, ctx.validators.importKeywords, 'keyword');
  const loc = locAt(src, node, []);
  const valueLoc = locAt(src, node, [actionKey]);
  const keywords = sharedKeywords(keywordsRaw);
  if (action === 'import_tasks') {
    const written = typeof value === 'string' ? value : (value as { file?: unknown } | null)?.file;
    if (typeof written !== 'string') throw new InputError(`${action} needs a file name`, valueLoc);
    const file = await resolveTasksPath(ctx, renderStatic(ctx, written, scope, valueLoc, 'import_tasks path'), scope, valueLoc);
    const tasks = await loadTaskFile(ctx, file, { ...scope, fileDir: dirname(file) }, valueLoc);
    return { kind: 'block', ...keywords, block: tasks, rescue: [], always: [], loc };
  }
  const roleArgs = (typeof value === 'string' ? { name: value } : value) as Vars;
  checkShape(src, nodeAt(node, [actionKey]), roleArgs, ctx.validators.roleImportArgs, `${action} argument`);
  const { vars, ...blockKeywords } = keywords;
  const block = await loadRoleBlock(
    ctx,
    {
      name: renderStatic(ctx, String(roleArgs.name), scope, valueLoc, 'import_role name'),
      params: {},
      keywords: { ...blockKeywords, ...(vars ? { vars } : {}) },
      loc: valueLoc,
      baseDir: scope.fileDir,
    },
    { ...roleFileOptions(roleArgs), dedupe: false },
  );
  return block ?? ({ kind: 'block', ...keywords, block: [], rescue: [], always: [], loc } satisfies Block);
}

/** tasks_from, vars_from, defaults_from, handlers_from of import_role/include_role. */
export function roleFileOptions(roleArgs: Vars): { tasksFrom?: string; varsFrom?: string; defaultsFrom?: string; handlersFrom?: string } {
  const pick = (key: string) => (roleArgs[key] === undefined ? undefined : String(roleArgs[key]));
  return { tasksFrom: pick('tasks_from'), varsFrom: pick('vars_from'), defaultsFrom: pick('defaults_from'), handlersFrom: pick('handlers_from') };
}

/** include_tasks/include_role: checked now, loaded by the runner (src/run/includes.ts). */
function includeOf(ctx: LoadContext, src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, actionKey: string, scope: TaskScope): IncludeTask {
  const { [actionKey]: value, listen, ...keywordsRaw } = raw;
  if (listen !== undefined && !scope.handlers) throw new InputError(`'listen' can only be used on handlers`, locAt(src, node, ['listen'], true));
  checkShape(src, node, keywordsRaw, ctx.validators.includeKeywords, 'keyword');
  const loc = locAt(src, node, []);
  const valueLoc = locAt(src, node, [actionKey]);
  const action = canonicalModuleName(actionKey) === 'include_role' ? 'include_role' : 'include_tasks';
  const args: Vars = { ...((keywordsRaw.args as Vars | undefined) ?? {}), ...(typeof value === 'string' ? {} : ((value ?? {}) as Vars)) };
  const include: IncludeTask = {
    kind: 'include',
    action,
    target: '',
    ...sharedKeywords(keywordsRaw),
    ...loopKeywordsOf(keywordsRaw, loc),
    scope: { fileDir: scope.fileDir, ...(scope.roleTasksDir ? { roleTasksDir: scope.roleTasksDir } : {}), ...(scope.role ? { role: scope.role } : {}) },
    ...(listen !== undefined ? { listen: toStringList(listen) } : {}),
    loc,
  };
  const { apply, ...rest } = args;
  if (apply !== undefined) include.apply = sharedKeywords((apply ?? {}) as Vars);
  if (action === 'include_tasks') {
    checkShape(src, nodeAt(node, [actionKey]), rest, ctx.validators.includeTasksArgs, `${actionKey} argument`);
    const file = typeof value === 'string' ? value : (rest.file ?? rest._raw_params);
    if (typeof file !== 'string' || !file.trim()) throw new InputError(`${actionKey} needs a file name`, valueLoc);
    include.target = file.trim();
  } else {
    const roleArgs = typeof value === 'string' ? { name: value } : args;
    checkShape(src, nodeAt(node, [actionKey]), roleArgs, ctx.validators.roleImportArgs, `${actionKey} argument`);
    include.target = String(roleArgs.name);
    const { name: _name, apply: _apply, ...others } = roleArgs as Vars;
    include.roleArgs = others;
  }
  return include;
}
