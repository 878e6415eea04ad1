// Jinja's and Ansible's tests (`x is name(args)`). A test receives its operand possibly
// Undefined; only defined/undefined look at that, the others fail naming the missing path.
import { isFloat, PyFloat } from './python-numbers.ts';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { contains, deepEqual, isPlainRecord, isTruthy, pythonPattern, typeName } from './convert.ts';
import { Callable, ExpressionError, Undefined, defined, type Kw } from './expression-values.ts';
import { versionTest } from './filters-data.ts';
import { listOf } from './filters-lists.ts';
import { pyStr } from './python-text.ts';

export type Test = (value: unknown, args: unknown[], kwargs: Kw) => boolean;

const regexCache = new Map<string, RegExp>();

function regexTest(value: unknown, pattern: unknown, kwargs: Kw, anchored: boolean): boolean {
  const flags = `${kwargs.ignorecase === true ? 'i' : ''}${kwargs.multiline === true ? 'm' : ''}`;
  const key = `${anchored ? '^' : ''}/${flags}/${pyStr(pattern)}`;
  let re = regexCache.get(key);
  if (!re) {
    const source = pythonPattern(pyStr(pattern));
    try {
      re = new RegExp(anchored ? `^(?:${source})` : source, flags);
    } catch (error) {
      throw new ExpressionError(`invalid regular expression ${pyStr(pattern)}: ${(error as Error).message}`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re.test(pyStr(value));
}

function resultFlag(value: unknown, key: string): boolean {
  if (!isPlainRecord(value)) throw new ExpressionError(`the '${key}' test expects a task result (a dict), got ${typeName(value)}`);
  return isTruthy(value[key]);
}

function failed(value: unknown): boolean {
  if (!isPlainRecord(value)) throw new ExpressionError(`the 'failed' test expects a task result (a dict), got ${typeName(value)}`);
  return isTruthy(value.failed);
}

const order =
  (op: (c: number) => boolean): Test =>
  (v, [other]) => {
    const a = defined(v);
    if (typeof a === 'number' && typeof other === 'number') return op(a - other);
    if (typeof a === 'string' && typeof other === 'string') return op(a < other ? -1 : a > other ? 1 : 0);
    throw new ExpressionError(`cannot compare ${typeName(a)} and ${typeName(other)}`);
  };

const subset = (a: unknown, b: unknown): boolean => listOf(a).every((x) => listOf(b).some((y) => deepEqual(x, y)));

const path = (v: unknown): string => pyStr(defined(v));

const TESTS: Record<string, Test> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => defined(v) === null,
  truthy: (v, _a, kwargs) =>
    kwargs.convert_bool === true && typeof v === 'string' ? ['yes', 'on', 'true', '1', 'y', 't'].includes(v.toLowerCase()) : isTruthy(defined(v)),
  falsy: (v, a, kwargs) => !TESTS.truthy(v, a, kwargs),
  true: (v) => defined(v) === true,
  false: (v) => defined(v) === false,
  boolean: (v) => typeof defined(v) === 'boolean',
  string: (v) => typeof defined(v) === 'string',
  number: (v) => typeof defined(v) === 'number' || v instanceof PyFloat,
  integer: (v) => Number.isInteger(defined(v)),
  float: (v) => isFloat(defined(v)),
  mapping: (v) => isPlainRecord(defined(v)),
  sequence: (v) => Array.isArray(defined(v)) || typeof v === 'string' || isPlainRecord(v),
  iterable: (v) => Array.isArray(defined(v)) || typeof v === 'string' || isPlainRecord(v),
  callable: (v) => defined(v) instanceof Callable,
  eq: (v, [other]) => deepEqual(defined(v), other),
  ne: (v, [other]) => !deepEqual(defined(v), other),
  lt: order((c) => c < 0),
  le: order((c) => c <= 0),
  gt: order((c) => c > 0),
  ge: order((c) => c >= 0),
  in: (v, [container]) => contains(container, defined(v)),
  contains: (v, [item]) => contains(defined(v), item),
  sameas: (v, [other]) => defined(v) === other,
  odd: (v) => Math.abs(Number(defined(v))) % 2 === 1,
  even: (v) => Number(defined(v)) % 2 === 0,
  divisibleby: (v, [n]) => Number(defined(v)) % Number(n) === 0,
  lower: (v) => pyStr(defined(v)) === pyStr(v).toLowerCase(),
  upper: (v) => pyStr(defined(v)) === pyStr(v).toUpperCase(),
  nan: (v) => Number.isNaN(defined(v)),
  match: (v, [pattern], kwargs) => regexTest(defined(v), pattern, kwargs, true),
  search: (v, [pattern], kwargs) => regexTest(defined(v), pattern, kwargs, false),
  regex: (v, [pattern, ignorecase, multiline, matchType], kwargs) =>
    regexTest(
      defined(v),
      pattern,
      { ignorecase: ignorecase ?? kwargs.ignorecase, multiline: multiline ?? kwargs.multiline },
      (matchType ?? kwargs.match_type) === 'match',
    ),
  version: (v, args, kwargs) => versionTest(defined(v), args, kwargs),
  version_compare: (v, args, kwargs) => versionTest(defined(v), args, kwargs),
  subset: (v, [other]) => subset(defined(v), other),
  issubset: (v, [other]) => subset(defined(v), other),
  superset: (v, [other]) => subset(other, defined(v)),
  issuperset: (v, [other]) => subset(other, defined(v)),
  any: (v) => listOf(defined(v)).some(isTruthy),
  all: (v) => listOf(defined(v)).every(isTruthy),
  failed: (v) => failed(defined(v)),
  failure: (v) => failed(defined(v)),
  succeeded: (v) => !failed(defined(v)),
  success: (v) => !failed(defined(v)),
  successful: (v) => !failed(defined(v)),
  changed: (v) => resultFlag(defined(v), 'changed'),
  change: (v) => resultFlag(defined(v), 'changed'),
  skipped: (v) => resultFlag(defined(v), 'skipped'),
  skip: (v) => resultFlag(defined(v), 'skipped'),
  unreachable: (v) => resultFlag(defined(v), 'unreachable'),
  reachable: (v) => !resultFlag(defined(v), 'unreachable'),
  finished: (v) => (isPlainRecord(defined(v)) ? (v as Record<string, unknown>).finished !== 0 : false),
  started: (v) => (isPlainRecord(defined(v)) ? (v as Record<string, unknown>).started !== 0 : false),
  exists: (v) => existsSync(path(v)),
  file: (v) => existsSync(path(v)) && statSync(path(v)).isFile(),
  directory: (v) => existsSync(path(v)) && statSync(path(v)).isDirectory(),
  link: (v) => {
    try {
      return lstatSync(path(v)).isSymbolicLink();
    } catch {
      return false;
    }
  },
  abs: (v) => isAbsolute(path(v)),
};
TESTS['=='] = TESTS.eq;
TESTS.equalto = TESTS.eq;
TESTS['!='] = TESTS.ne;

export { TESTS };
