// Roles: found on the search path, meta dependencies first (each instance once per play unless
// allow_duplicates), then the role's tasks; all wrapped in a Block carrying the RoleContext.
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { LoadContext } from './context.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Block, Handler, RoleContext, TaskKeywords, TaskNode } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { SHARED_KEYWORDS, sharedKeywords } from './keywords.ts';
import { exists } from './file-exists.ts';
import { loadVarsOnce, readYamlOnce } from './parsed-files.ts';
import { loadTaskFile } from './task-list.ts';
import { checkShape } from './validate.ts';
import { locAt, toJsChecked } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';

export interface RoleRef {
  name: string;
  params: Vars;
  keywords: TaskKeywords;
  loc: SourceLocation;
  /** the dir the reference was written in (for path-like names and sibling roles) */
  baseDir?: string;
}

export interface RoleLoadOptions {
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  /** roles: and dependencies run once per play per params; import_role does not dedupe */
  dedupe: boolean;
}

/** role.yml, role.yaml, role.json or role without extension. */
export async function findYamlFile(dir: string, name: string): Promise<string | undefined> {
  if (!name.includes('/') && !(await exists(dir))) return undefined; // most roles lack vars/ or meta/: one probe, not four
  for (const ext of ['.yml', '.yaml', '.json', '']) {
    const candidate = join(dir, name + ext);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

async function projectRoot(start: string): Promise<string | undefined> {
  let dir = dirname(start);
  while (true) {
    if (await exists(join(dir, 'roles'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const DEFAULT_ROLES_PATH = [join(homedir(), '.ansible', 'roles'), '/usr/share/ansible/roles', '/etc/ansible/roles'];

async function resolveRoleDir(ctx: LoadContext, ref: RoleRef): Promise<string> {
  const candidates: string[] = [];
  if (ref.name.includes('{{'))
    throw new InputError(`role name '${ref.name}' cannot hold {{ }} here (roles: and import_role are loaded before the run; use include_role)`, ref.loc);
  if (ref.name.includes('/')) candidates.push(isAbsolute(ref.name) ? ref.name : resolve(ref.baseDir ?? ctx.playbookDir, ref.name));
  else {
    candidates.push(join(ctx.playbookDir, 'roles', ref.name));
    const root = await projectRoot(ctx.playbookDir);
    if (root) candidates.push(join(root, 'roles', ref.name));
    if (ref.baseDir && ctx.roleStack.length) candidates.push(join(dirname(ctx.roleStack[ctx.roleStack.length - 1]), ref.name));
    // ansible.cfg roles_path (or Ansible's default search path), then beside the playbook.
    for (const dir of ctx.opts.rolesPath ?? DEFAULT_ROLES_PATH) candidates.push(join(dir, ref.name));
    candidates.push(join(ctx.playbookDir, ref.name));
  }
  const unique = [...new Set(candidates)];
  for (const c of unique) if (await exists(c)) return c;
  throw new InputError(`role '${ref.name}' not found (searched ${unique.join(', ')})`, ref.loc);
}

/** A roles: or dependencies: entry -> RoleRef. */
export function roleRefOf(entry: unknown, loc: SourceLocation, baseDir?: string): RoleRef {
  if (typeof entry === 'string') return { name: entry, params: {}, keywords: {}, loc, baseDir };
  const raw = entry as Record<string, unknown>;
  const name = String(raw.role ?? raw.name);
  const params: Vars = {};
  const keywordRaw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'role' || (key === 'name' && raw.role === undefined)) continue;
    if (SHARED_KEYWORDS.includes(key) && key !== 'name') keywordRaw[key] = value;
    else params[key] = value;
  }
  return { name, params, keywords: sharedKeywords(keywordRaw), loc, baseDir };
}

async function optionalVars(ctx: LoadContext, dir: string, name = 'main', loc?: SourceLocation): Promise<Vars> {
  const file = await findYamlFile(dir, name);
  if (!file && name !== 'main') throw new InputError(`no vars file '${name}' in ${dir}`, loc);
  return file ? loadVarsOnce(ctx, file) : {};
}

interface RoleMeta {
  dependencies: RoleRef[];
  allowDuplicates: boolean;
}

async function loadMeta(ctx: LoadContext, roleDir: string): Promise<RoleMeta> {
  const file = await findYamlFile(join(roleDir, 'meta'), 'main');
  if (!file) return { dependencies: [], allowDuplicates: false };
  const src: YamlFile = await readYamlOnce(ctx, file);
  const meta = (toJsChecked(src) ?? {}) as { dependencies?: unknown[] | null; allow_duplicates?: boolean };
  checkShape(src, src.doc.contents, meta, ctx.validators.roleMeta, 'role meta key');
  const deps = (meta.dependencies ?? []).map((d, i) => roleRefOf(d, locAt(src, src.doc.contents, ['dependencies', i]), roleDir));
  return { dependencies: deps, allowDuplicates: meta.allow_duplicates === true };
}

function instanceKey(dir: string, params: Vars): string {
  return `${dir}\0${JSON.stringify(params, Object.keys(params).sort())}`;
}

export async function loadRoleBlock(ctx: LoadContext, ref: RoleRef, opts: RoleLoadOptions): Promise<Block | undefined> {
  const dir = await resolveRoleDir(ctx, ref);
  ctx.opts.plugins?.addBase(dir);
  if (ctx.roleStack.includes(dir)) {
    throw new InputError(`role dependency cycle: ${[...ctx.roleStack, dir].map((d) => basename(d)).join(' -> ')}`, ref.loc);
  }
  const meta = await loadMeta(ctx, dir);
  const key = instanceKey(dir, ref.params);
  if (opts.dedupe && ctx.play.seenRoles.has(key) && !meta.allowDuplicates) return undefined;
  ctx.play.seenRoles.add(key);
  const role: RoleContext = {
    name: ref.name.includes('/') ? basename(dir) : ref.name,
    path: dir,
    defaults: await optionalVars(ctx, join(dir, 'defaults'), opts.defaultsFrom, ref.loc),
    vars: await optionalVars(ctx, join(dir, 'vars'), opts.varsFrom, ref.loc),
    params: ref.params,
  };
  ctx.roleStack.push(dir);
  try {
    const body: TaskNode[] = [];
    for (const dep of meta.dependencies) {
      const depBlock = await loadRoleBlock(ctx, dep, { dedupe: true });
      if (depBlock) body.push(depBlock);
    }
    const tasksDir = join(dir, 'tasks');
    const tasksFile = await findYamlFile(tasksDir, opts.tasksFrom ?? 'main');
    if (!tasksFile && opts.tasksFrom) throw new InputError(`role '${role.name}' has no tasks file '${opts.tasksFrom}' in ${tasksDir}`, ref.loc);
    const scope = { fileDir: tasksDir, roleTasksDir: tasksDir, role, handlers: false };
    if (tasksFile) body.push(...(await loadTaskFile(ctx, tasksFile, { ...scope, fileDir: dirname(tasksFile) })));
    await addRoleHandlers(ctx, role, key, opts.handlersFrom, ref.keywords);
    return { kind: 'block', ...ref.keywords, block: body, rescue: [], always: [], role, loc: ref.loc };
  } finally {
    ctx.roleStack.pop();
  }
}

/** Keywords of the role's import that its handlers inherit too (delegate_to, become, ...), as in Ansible. */
const HANDLER_INHERITED = [
  'delegate_to',
  'become',
  'become_user',
  'become_method',
  'remote_user',
  'environment',
  'no_log',
  'ignore_errors',
  'check_mode',
  'diff',
] as const;

function withRoleKeywords(handler: Handler, keywords: TaskKeywords): Handler {
  const out: Record<string, unknown> = { ...handler };
  for (const k of HANDLER_INHERITED) if (out[k] === undefined && keywords[k] !== undefined) out[k] = keywords[k];
  return out as unknown as Handler;
}

async function addRoleHandlers(ctx: LoadContext, role: RoleContext, key: string, from = 'main', keywords: TaskKeywords = {}): Promise<void> {
  if (ctx.play.handlerRoles.has(key)) return;
  ctx.play.handlerRoles.add(key);
  const handlersDir = join(role.path, 'handlers');
  const file = await findYamlFile(handlersDir, from);
  if (!file && from !== 'main') throw new InputError(`role '${role.name}' has no handlers file '${from}' in ${handlersDir}`);
  if (!file) return;
  const handlers = await loadTaskFile(ctx, file, { fileDir: handlersDir, roleTasksDir: join(role.path, 'tasks'), role, handlers: true });
  ctx.play.roleHandlers.push(...(handlers as Handler[]).map((h) => withRoleKeywords(h, keywords)));
}
