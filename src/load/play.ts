// One play mapping -> Play. Order of expansion: roles, pre_tasks, tasks, post_tasks, handlers.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { YAMLMap } from 'yaml';
import { InputError, TemplateError } from '../core/errors.ts';
import type { LoadContext } from './context.ts';
import { newPlayScope } from './context.ts';
import type { Block, Play, VarPrompt } from './model.ts';
import { nameIsTemplate, plainKeywords, toModuleDefaults, toTags, toVars } from './keywords.ts';
import { loadRoleBlock, roleRefOf } from './role.ts';
import { parseHandlerList } from './task-list.ts';
import { parseTaskList } from './task.ts';
import { checkShape } from './validate.ts';
import { jsOf, locAt, locOfNode, pairOf } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';

function serialOf(value: unknown, src: YamlFile, node: YAMLMap): Array<number | string> | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => {
    if (typeof v === 'string' && v.includes('{{')) return v; // rendered by the runner with play vars
    if (typeof v === 'number' && v > 0) return v;
    if (/^\d+$/.test(String(v)) && Number(v) > 0) return Number(v);
    if (/^\d+(\.\d+)?%$/.test(String(v))) return String(v);
    throw new InputError(
      `'serial' must be a positive number, a percentage like '30%', a template, or a list of them (got ${JSON.stringify(v)})`,
      locAt(src, node, Array.isArray(value) ? ['serial', i] : ['serial']),
    );
  });
}

function percentOf(value: unknown, src: YamlFile, node: YAMLMap): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.includes('{{')) return value;
  const n = Number(String(value).replace(/%$/, ''));
  if (Number.isNaN(n) || n < 0 || n > 100)
    throw new InputError(`'max_fail_percentage' must be a number from 0 to 100`, locAt(src, node, ['max_fail_percentage']));
  return n;
}

function varsFilesOf(ctx: LoadContext, raw: unknown, src: YamlFile, node: YAMLMap): string[] {
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as unknown[];
  return list.map((item, i) => {
    // A list entry is Ansible's "first of these files that exists".
    const entry = Array.isArray(item)
      ? (item.map(String).find((f) => f.includes('{{') || existsSync(resolve(ctx.playbookDir, f))) ?? String(item[0]))
      : String(item);
    const path = resolve(ctx.playbookDir, entry);
    if (!entry.includes('{{') && !existsSync(path)) throw new InputError(`vars file not found: ${path}`, locAt(src, node, ['vars_files', i]));
    // A path starting with a template is kept raw: the runner renders it, then resolves it here.
    return entry.startsWith('{{') ? entry : path;
  });
}

const STRATEGIES = ['linear', 'free', 'host_pinned', 'debug'];

/** strategy, a template rendered now with extra and play vars; debug runs as linear. */
function strategyOf(ctx: LoadContext, value: unknown, src: YamlFile, node: YAMLMap): Play['strategy'] {
  if (value === undefined || value === null) return 'linear';
  const loc = locAt(src, node, ['strategy']);
  let name = String(value);
  if (name.includes('{{')) {
    try {
      name = String(ctx.engine().renderString(name, { ...ctx.playVars, ...ctx.opts.extraVars, playbook_dir: ctx.playbookDir }, loc)).trim();
    } catch (err) {
      if (err instanceof TemplateError) throw new InputError(`strategy '${value}' can only use extra vars and play vars: ${err.message}`, loc);
      throw err;
    }
  }
  if (!STRATEGIES.includes(name)) throw new InputError(`'strategy' must be one of ${STRATEGIES.join(', ')} (got '${name}')`, loc);
  return name === 'free' || name === 'host_pinned' ? name : 'linear';
}

export async function parsePlay(ctx: LoadContext, src: YamlFile, node: YAMLMap): Promise<Play> {
  const raw = plainKeywords((jsOf(src, node) ?? {}) as Record<string, unknown>);
  checkShape(src, node, raw, ctx.validators.play, 'play keyword');
  ctx.play = newPlayScope();
  ctx.playVars = { ...toVars(raw.vars), ...ctx.importVars };
  const hosts = Array.isArray(raw.hosts) ? raw.hosts.join(',') : String(raw.hosts);
  if (!hosts.trim()) throw new InputError(`'hosts' must not be empty`, locAt(src, node, ['hosts']));
  const scope = { fileDir: ctx.playbookDir, handlers: false };
  const roles: Block[] = [];
  const rolesNode = pairOf(node, 'roles')?.value;
  for (const [i, entry] of ((raw.roles ?? []) as unknown[]).entries()) {
    const block = await loadRoleBlock(ctx, roleRefOf(entry, locAt(src, rolesNode, [i]), ctx.playbookDir), { dedupe: true });
    if (block) roles.push(block);
  }
  const section = (key: string) => parseTaskList(ctx, src, pairOf(node, key)?.value ?? null, scope);
  const pre_tasks = await section('pre_tasks');
  const tasks = await section('tasks');
  const post_tasks = await section('post_tasks');
  const ownHandlers = await parseHandlerList(ctx, src, pairOf(node, 'handlers')?.value ?? null, scope);
  const play: Play = {
    name: raw.name !== undefined ? String(raw.name) : hosts,
    ...(nameIsTemplate(raw) ? { name_templated: true } : {}),
    hosts,
    vars: toVars(raw.vars),
    strategy: strategyOf(ctx, raw.strategy, src, node),
    vars_prompt: (raw.vars_prompt ?? []) as VarPrompt[],
    vars_files: varsFilesOf(ctx, raw.vars_files, src, node),
    gather_facts: raw.gather_facts !== false,
    any_errors_fatal: raw.any_errors_fatal === true,
    force_handlers: raw.force_handlers === true,
    tags: toTags(raw.tags) ?? [],
    pre_tasks,
    roles,
    tasks,
    post_tasks,
    handlers: [...ctx.play.roleHandlers, ...ownHandlers],
    dir: ctx.playbookDir,
    loc: locOfNode(src, node),
  };
  const copied = [
    'become',
    'become_user',
    'become_method',
    'remote_user',
    'connection',
    'environment',
    'check_mode',
    'diff',
    'no_log',
    'ignore_errors',
    'ignore_unreachable',
    'run_once',
    'timeout',
    'order',
    'throttle',
  ] as const;
  for (const key of copied) {
    if (raw[key] !== undefined && raw[key] !== null) (play as unknown as Record<string, unknown>)[key] = raw[key];
  }
  if (play.remote_user === undefined && typeof raw.user === 'string') play.remote_user = raw.user;
  const defaults = toModuleDefaults(raw.module_defaults);
  if (defaults) play.module_defaults = defaults;
  if (raw.gather_subset !== undefined)
    play.gather_subset = (Array.isArray(raw.gather_subset) ? raw.gather_subset : String(raw.gather_subset).split(',')).map((s) => String(s).trim());
  if (raw.gather_timeout !== undefined) play.gather_timeout = Number(raw.gather_timeout);
  if (raw.port !== undefined) play.vars = { ansible_port: raw.port, ...play.vars };
  // ansible.cfg's gathering and any_errors_fatal apply only where the play says nothing.
  if (raw.gather_facts !== undefined) play.gather_facts_given = true;
  if (raw.any_errors_fatal !== undefined) play.any_errors_fatal_given = true;
  const serial = serialOf(raw.serial, src, node);
  if (serial) play.serial = serial;
  const maxFail = percentOf(raw.max_fail_percentage, src, node);
  if (maxFail !== undefined) play.max_fail_percentage = maxFail;
  return play;
}
