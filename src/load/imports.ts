// import_tasks/include_tasks and import_role/include_role, expanded statically into Blocks.
// Keywords written on the import (when, tags, vars, become...) go on the Block.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { YAMLMap } from 'yaml';
import { InputError } from '../core/errors.ts';
import { canonicalModuleName } from '../modules/registry.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Block } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { SHARED_KEYWORDS, sharedKeywords } from './keywords.ts';
import { loadRoleBlock } from './role.ts';
import { loadTaskFile } from './task-list.ts';
import { checkShape } from './validate.ts';
import { exists } from './file-exists.ts';
import { locAt, nodeAt } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';


/** First existing candidate: the current file's dir, the role's tasks/ dir, the playbook dir. */
async function resolveTasksPath(ctx: LoadContext, name: string, scope: TaskScope, loc: SourceLocation): Promise<string> {
  if (name.includes('{{')) throw new InputError(`'${name}': imports are expanded before the run, so the path cannot hold {{ }}`, loc);
  const bases = isAbsolute(name) ? [''] : [scope.fileDir, scope.roleTasksDir, ctx.playbookDir].filter((b): b is string => !!b);
  const candidates = [...new Set(bases.map((b) => resolve(b, name)))];
  for (const c of candidates) if (await exists(c)) return c;
  throw new InputError(`tasks file '${name}' not found (looked in ${candidates.map(dirname).join(', ')})`, loc);
}

function checkImportKeywords(src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, actionKey: string): void {
  for (const key of Object.keys(raw)) {
    if (key === actionKey || SHARED_KEYWORDS.includes(key)) continue;
    const why = key === 'loop' || key === 'with_items' ? ' (imports are expanded statically; put the loop on the tasks inside)' : '';
    throw new InputError(`'${key}' cannot be used on ${canonicalModuleName(actionKey)}${why}`, locAt(src, node, [key], true));
  }
}

export async function expandImport(ctx: LoadContext, src: YamlFile, node: YAMLMap, raw: Record<string, unknown>, actionKey: string, scope: TaskScope): Promise<Block> {
  if (scope.handlers) throw new InputError('handlers must be plain module tasks (no imports)', locAt(src, node, []));
  checkImportKeywords(src, node, raw, actionKey);
  const { [actionKey]: value, ...keywordsRaw } = raw;
  checkShape(src, node, keywordsRaw, ctx.validators.importKeywords, 'keyword');
  const loc = locAt(src, node, []);
  const valueLoc = locAt(src, node, [actionKey]);
  const action = canonicalModuleName(actionKey);
  const keywords = sharedKeywords(keywordsRaw);
  if (action === 'import_tasks' || action === 'include_tasks') {
    const name = typeof value === 'string' ? value : (value as { file?: unknown } | null)?.file;
    if (typeof name !== 'string') throw new InputError(`${action} needs a file name`, valueLoc);
    const file = await resolveTasksPath(ctx, name, scope, valueLoc);
    const tasks = await loadTaskFile(ctx, file, { ...scope, fileDir: dirname(file) }, valueLoc);
    return { kind: 'block', ...keywords, block: tasks, rescue: [], always: [], loc };
  }
  const roleArgs = (typeof value === 'string' ? { name: value } : value) as Vars;
  checkShape(src, nodeAt(node, [actionKey]), roleArgs, ctx.validators.roleImportArgs, `${action} argument`);
  const { vars, ...blockKeywords } = keywords;
  const block = await loadRoleBlock(ctx, {
    name: String(roleArgs.name),
    params: {},
    keywords: { ...blockKeywords, ...(vars ? { vars } : {}) },
    loc: valueLoc,
    baseDir: scope.fileDir,
  }, { tasksFrom: roleArgs.tasks_from as string | undefined, dedupe: false });
  return block ?? { kind: 'block', ...keywords, block: [], rescue: [], always: [], loc };
}
