// Value conversions with Ansible/Jinja meaning, shared by Handlebars helpers and expression filters.
import { num, PyFloat, PyTuple } from './python-numbers.ts';
import { UnsafeText } from '../core/unsafe.ts';

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'y', 't']);

/** Ansible's `bool` filter: true only for true, 1 and the words yes/on/true/1. */
export function toBool(raw: unknown): boolean {
  const value = num(raw);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return TRUE_WORDS.has(value.trim().toLowerCase());
  return false;
}

/** Ansible's `int` filter: a failed conversion gives 0, floats are truncated. */
export function toInt(raw: unknown): number {
  const value = num(raw);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?\d+$/.test(text)) return Number.parseInt(text, 10);
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Math.trunc(Number(text));
  }
  return 0;
}

export function toFloat(raw: unknown): number {
  const value = num(raw);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const parsed = typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : 0;
}

/** Text form: scalars as JavaScript prints them, lists and dicts as JSON; none as ''. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Python truthiness: '' 0 [] {} none false are false. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

export function lengthOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  throw new Error(`length of ${typeName(value)} is not defined`);
}

/** Python-style equality: deep for lists and dicts, 1 == 1.0, no string/number coercion. */
export function deepEqual(x: unknown, y: unknown): boolean {
  const a = num(x);
  const b = num(y);
  if (a === b) return true;
  if (a instanceof PyTuple !== b instanceof PyTuple) return false;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainRecord(a) && isPlainRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Jinja's `in`: substring for strings, membership for lists, key for dicts. */
export function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new Error(`'in <string>' requires a string, not ${typeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => deepEqual(item, needle));
  if (isPlainRecord(haystack)) return typeof needle === 'string' && Object.hasOwn(haystack, needle);
  throw new Error(`'in' needs a string, list or dict on the right, not ${typeName(haystack)}`);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat) && !(value instanceof UnsafeText);
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (value instanceof PyFloat) return 'float';
  if (value instanceof UnsafeText) return 'string';
  if (value instanceof PyTuple) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** POSIX shell quoting like Python's shlex.quote (Ansible's `quote` filter). */
export function shellQuote(value: unknown): string {
  const text = toText(value);
  if (text === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** Python `re.sub` replacement syntax (\1, \g<name>) to JavaScript's ($1, $<name>). */
export function pythonReplacement(replacement: string): string {
  return replacement
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\w+)>/g, (_m, name: string) => (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`))
    .replace(/\\(\d+)/g, '$$$1');
}

/** Python regex syntax differences that matter in practice: (?P<name>...) groups. */
export function pythonPattern(pattern: string): string {
  return pattern.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}
