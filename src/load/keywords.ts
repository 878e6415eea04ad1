// Normalises Ansible's flexible keyword forms into the model's fixed shapes.
import type { TaskKeywords } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { UnsafeText } from '../core/unsafe.ts';
import { canonicalModuleName } from '../modules/registry.ts';
import { sharedTaskKeywords } from './schemas/common.ts';
import { taskOnlyKeywords } from './schemas/task.ts';
import { toPlain } from '../template/python-numbers.ts';

export const SHARED_KEYWORDS = Object.keys(sharedTaskKeywords);
export const TASK_KEYWORDS = [...SHARED_KEYWORDS, ...Object.keys(taskOnlyKeywords)];
export const HANDLER_KEYWORDS = [...TASK_KEYWORDS, 'listen'];

/** when/changed_when/failed_when/until: string, boolean or list -> list of expressions. */
export function toConditions(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'boolean' ? String(v) : String(v).trim()));
}

/** tags: 'a,b', ['a', 'b'] or a number -> ['a', 'b']. */
export function toTags(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list
    .flatMap((v) => String(v).split(','))
    .map((t) => t.trim())
    .filter(Boolean);
}

export function toStringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

const COPIED = [
  'name',
  'become',
  'become_user',
  'become_method',
  'remote_user',
  'ignore_errors',
  'ignore_unreachable',
  'run_once',
  'delegate_to',
  'check_mode',
  'diff',
  'no_log',
  'environment',
  'any_errors_fatal',
  'timeout',
  'throttle',
] as const;

/**
 * module_defaults as one mapping keyed by canonical module name. A list of mappings merges in
 * order; `group/...` action groups name no warren module and are kept as written.
 */
export function toModuleDefaults(value: unknown): Record<string, Vars> | undefined {
  if (value === undefined || value === null) return undefined;
  const out: Record<string, Vars> = {};
  for (const entry of Array.isArray(value) ? value : [value]) {
    for (const [module, args] of Object.entries((entry ?? {}) as Record<string, unknown>)) {
      const name = module.startsWith('group/') ? module : canonicalModuleName(module);
      out[name] = { ...(out[name] ?? {}), ...((args ?? {}) as Vars) };
    }
  }
  return out;
}

/** `vars:` as a mapping, or (older playbooks) a list of mappings merged in order. */
export function toVars(value: unknown): Vars {
  if (Array.isArray(value)) return Object.assign({}, ...value.map((v) => (v ?? {}) as Vars));
  return (value ?? {}) as Vars;
}

/** The keywords shared by tasks, blocks and imports, normalised. */
export function sharedKeywords(raw: Record<string, unknown>): TaskKeywords {
  const out: TaskKeywords = {};
  for (const key of COPIED) {
    if (raw[key] !== undefined && raw[key] !== null) (out as Record<string, unknown>)[key] = raw[key];
  }
  if (out.name !== undefined) {
    if (unsafeNamed.has(raw)) out.name_unsafe = true;
    out.name = String(out.name);
  }
  const when = toConditions(raw.when);
  if (when) out.when = when;
  const tags = toTags(raw.tags);
  if (tags) out.tags = tags;
  if (raw.vars !== undefined) out.vars = toVars(raw.vars);
  const defaults = toModuleDefaults(raw.module_defaults);
  if (defaults) out.module_defaults = defaults;
  return out;
}

/**
 * Keyword values as plain JavaScript: a whole float from YAML (`delay: 5.0`, a PyFloat box) is a
 * number to the loader. `vars`, loop items, role parameters and module arguments keep their Python types (`keep`: with
 * `among`, every key outside that keyword list is a module's arguments and is kept too).
 */
const KEEPS_PYTHON_TYPES = /^(vars|roles|loop|with_\w+)$/;

/** Plain keyword objects whose `name` was written `!unsafe` (the name itself is now a string). */
const unsafeNamed = new WeakSet<object>();

/** A `name` that may be rendered for display: given, holding a template, not `!unsafe`. */
export function nameIsTemplate(raw: Record<string, unknown>): boolean {
  return raw.name !== undefined && !unsafeNamed.has(raw) && /\{[{%]/.test(String(raw.name));
}

export function plainKeywords(raw: Record<string, unknown>, among?: readonly string[]): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (KEEPS_PYTHON_TYPES.test(key) || (among && !among.includes(key))) continue;
    const plain = toPlain(value);
    if (plain !== value) (out ??= { ...raw })[key] = plain;
  }
  if (raw.name instanceof UnsafeText) unsafeNamed.add(out ?? raw);
  return out ?? raw;
}
