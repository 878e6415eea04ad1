// Filters (`x | name(args)`) and tests (`x is name(args)`) of the condition language.
// A filter receives its operand possibly Undefined; only default/d/mandatory accept that.
import {
  contains, deepEqual, isPlainRecord, isTruthy, lengthOf, pythonPattern, toBool, toFloat, toInt, toText, typeName,
} from './convert.ts';
import { regexReplace } from './helpers/text-helpers.ts';
import { ExpressionError, Undefined, defined } from './expression-values.ts';

type Filter = (value: unknown, args: unknown[]) => unknown;
type Test = (value: unknown, args: unknown[]) => boolean;

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainRecord(value)) return Object.keys(value);
  throw new ExpressionError(`expected a list, got ${typeName(value)}`);
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new ExpressionError(`expected a string, got ${typeName(value)}`);
  return value;
}

function numbers(value: unknown): number[] {
  return list(value).map((item) => {
    if (typeof item !== 'number') throw new ExpressionError(`expected numbers, got ${typeName(item)}`);
    return item;
  });
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new ExpressionError(`cannot order ${typeName(a)} and ${typeName(b)}`);
}

function defaultFilter(value: unknown, args: unknown[]): unknown {
  const [fallback, ifFalsy] = args;
  if (value instanceof Undefined || (ifFalsy === true && !isTruthy(value))) return fallback === undefined ? '' : fallback;
  return value;
}

const FILTERS: Record<string, Filter> = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory: (value, [message]) => {
    if (value instanceof Undefined) throw new ExpressionError(message !== undefined ? String(message) : `'${value.path}' is undefined`);
    return value;
  },
  length: (value) => lengthOf(value),
  count: (value) => lengthOf(value),
  bool: (value) => toBool(value),
  int: (value) => toInt(value),
  float: (value) => toFloat(value),
  string: (value) => toText(value),
  lower: (value) => text(value).toLowerCase(),
  upper: (value) => text(value).toUpperCase(),
  trim: (value) => text(value).trim(),
  first: (value) => list(value)[0],
  last: (value) => list(value).at(-1),
  join: (value, [separator]) => list(value).map(toText).join(separator === undefined ? '' : String(separator)),
  list: (value) => [...list(value)],
  unique: (value) => list(value).filter((item, i, all) => all.findIndex((other) => deepEqual(other, item)) === i),
  sort: (value, [reverse]) => {
    const sorted = [...list(value)].sort(compareValues);
    return reverse === true ? sorted.reverse() : sorted;
  },
  min: (value) => [...list(value)].sort(compareValues)[0],
  max: (value) => [...list(value)].sort(compareValues).at(-1),
  sum: (value) => numbers(value).reduce((total, n) => total + n, 0),
  abs: (value) => Math.abs(Number(value)),
  split: (value, [separator]) => (separator === undefined ? text(value).trim().split(/\s+/) : text(value).split(String(separator))),
  replace: (value, [search, replacement]) => text(value).split(String(search)).join(String(replacement ?? '')),
  regex_replace: (value, [pattern, replacement]) => regexReplace(text(value), String(pattern), String(replacement ?? '')),
  regex_search: (value, [pattern]) => new RegExp(pythonPattern(String(pattern))).exec(text(value))?.[0] ?? null,
  to_json: (value) => JSON.stringify(value ?? null),
  from_json: (value) => JSON.parse(text(value)),
  keys: (value) => Object.keys(value as object),
  values: (value) => Object.values(value as object),
};

function resultFlag(value: unknown, key: string): boolean {
  if (!isPlainRecord(value)) throw new ExpressionError(`expected a task result (dict), got ${typeName(value)}`);
  return isTruthy(value[key]);
}

const TESTS: Record<string, Test> = {
  defined: (value) => !(value instanceof Undefined),
  undefined: (value) => value instanceof Undefined,
  none: (value) => defined(value) === null,
  truthy: (value) => isTruthy(defined(value)),
  falsy: (value) => !isTruthy(defined(value)),
  true: (value) => defined(value) === true,
  false: (value) => defined(value) === false,
  boolean: (value) => typeof defined(value) === 'boolean',
  string: (value) => typeof defined(value) === 'string',
  number: (value) => typeof defined(value) === 'number',
  integer: (value) => Number.isInteger(defined(value)),
  float: (value) => typeof defined(value) === 'number' && !Number.isInteger(value),
  mapping: (value) => isPlainRecord(defined(value)),
  sequence: (value) => Array.isArray(defined(value)) || typeof value === 'string',
  iterable: (value) => Array.isArray(defined(value)) || typeof value === 'string' || isPlainRecord(value),
  eq: (value, [other]) => deepEqual(defined(value), other),
  equalto: (value, [other]) => deepEqual(defined(value), other),
  in: (value, [container]) => contains(container, defined(value)),
  match: (value, [pattern]) => new RegExp(`^(?:${pythonPattern(String(pattern))})`).test(text(defined(value))),
  search: (value, [pattern]) => new RegExp(pythonPattern(String(pattern))).test(text(defined(value))),
  regex: (value, [pattern]) => new RegExp(pythonPattern(String(pattern))).test(text(defined(value))),
  failed: (value) => resultFlag(defined(value), 'failed'),
  succeeded: (value) => !resultFlag(defined(value), 'failed'),
  success: (value) => !resultFlag(defined(value), 'failed'),
  changed: (value) => resultFlag(defined(value), 'changed'),
  skipped: (value) => resultFlag(defined(value), 'skipped'),
};

/** Filters that may receive an undefined operand. */
const UNDEFINED_OK = new Set(['default', 'd', 'mandatory']);

export const FILTER_NAMES: ReadonlySet<string> = new Set(Object.keys(FILTERS));
export const TEST_NAMES: ReadonlySet<string> = new Set(Object.keys(TESTS));

export function applyFilter(name: string, value: unknown, args: unknown[]): unknown {
  return FILTERS[name](UNDEFINED_OK.has(name) ? value : defined(value), args);
}

export function applyTest(name: string, value: unknown, args: unknown[]): boolean {
  return TESTS[name](value, args);
}
