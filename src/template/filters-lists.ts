// List and dict filters: Jinja's (map, select, sort, unique, ...) and Ansible's (combine,
// dict2items, flatten, union, subelements, zip, shuffle, ...).
import { deepEqual, isPlainRecord, isTruthy, typeName } from './convert.ts';
import type { EvalContext } from './eval-context.ts';
import { ExpressionError, Undefined, defined, type Kw } from './expression-values.ts';
import { readKey } from './lookup.ts';
import { pyStr } from './python-text.ts';
import { seededRandom } from './seeded-random.ts';

export type Filter = (value: unknown, args: unknown[], kwargs: Kw, ctx: EvalContext) => unknown;
type Apply = (name: string, value: unknown, args: unknown[], kwargs: Kw, ctx: EvalContext) => unknown;

export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainRecord(value)) return Object.keys(value);
  throw new ExpressionError(`'${typeName(value)}' object is not iterable`);
}

function dictOf(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainRecord(value)) throw new ExpressionError(`${what} expects a dict, got ${typeName(value)}`);
  return value;
}

/** Reads `a.b.0` style attribute paths (map(attribute=...), sort(attribute=...)). */
export function attributePath(item: unknown, path: unknown): unknown {
  let value = item;
  for (const part of String(path).split('.')) {
    const read = readKey(value, /^\d+$/.test(part) ? Number(part) : part);
    if (!read.found) return new Undefined(`${pyStr(path)}`);
    value = read.value;
  }
  return value;
}

export function sortKey(a: unknown, b: unknown, caseSensitive = false): number {
  const norm = (v: unknown): unknown => (!caseSensitive && typeof v === 'string' ? v.toLowerCase() : v);
  const x = norm(a);
  const y = norm(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'boolean' || typeof y === 'boolean') return Number(x) - Number(y);
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = sortKey(x[i], y[i], caseSensitive);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  throw new ExpressionError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function unique(items: unknown[]): unknown[] {
  return items.filter((item, i) => items.findIndex((other) => deepEqual(other, item)) === i);
}

const has = (items: unknown[], x: unknown): boolean => items.some((item) => deepEqual(item, x));

function flatten(items: unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (skipNulls && (item === null || item === 'None')) continue;
    if (Array.isArray(item) && (levels === undefined || levels > 0)) out.push(...flatten(item, levels === undefined ? undefined : levels - 1, skipNulls));
    else out.push(item);
  }
  return out;
}

export function combine(dicts: Record<string, unknown>[], recursive: boolean, listMerge: string): Record<string, unknown> {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b)) {
      const old = out[key];
      if (recursive && isPlainRecord(old) && isPlainRecord(value)) out[key] = merge(old, value);
      else if (Array.isArray(old) && Array.isArray(value) && listMerge !== 'replace') out[key] = mergeLists(old, value, listMerge);
      else out[key] = value;
    }
    return out;
  };
  return dicts.reduce(merge, {});
}

function mergeLists(a: unknown[], b: unknown[], how: string): unknown[] {
  switch (how) {
    case 'keep':
      return a;
    case 'append':
      return [...a, ...b];
    case 'prepend':
      return [...b, ...a];
    case 'append_rp':
      return [...a.filter((x) => !has(b, x)), ...b];
    case 'prepend_rp':
      return [...b, ...a.filter((x) => !has(b, x))];
    default:
      throw new ExpressionError(`combine: list_merge must be one of replace, keep, append, prepend, append_rp, prepend_rp, not '${how}'`);
  }
}

function selectLike(keep: boolean, byAttribute: boolean, apply: Apply, test: (name: string, v: unknown, args: unknown[], ctx: EvalContext) => boolean): Filter {
  return (value, args, _kwargs, ctx) => {
    const [first, ...rest] = args;
    return listOf(value).filter((item) => {
      const subject = byAttribute ? attributePath(item, first) : item;
      const testName = byAttribute ? rest[0] : first;
      const testArgs = byAttribute ? rest.slice(1) : rest;
      const verdict = testName === undefined ? isTruthy(defined(subject)) : test(String(testName), subject, testArgs, ctx);
      return verdict === keep;
    });
  };
}

export function listFilters(apply: Apply, test: (name: string, v: unknown, args: unknown[], ctx: EvalContext) => boolean): Record<string, Filter> {
  return {
    list: (value) => [...listOf(value)],
    join: (value, args, kwargs) => {
      const attr = args[1] ?? kwargs.attribute;
      const items = attr === undefined ? listOf(value) : listOf(value).map((i) => defined(attributePath(i, attr)));
      return items.map(pyStr).join(args[0] === undefined ? String(kwargs.d ?? '') : pyStr(args[0]));
    },
    split: (value, [sep, maxsplit]) => {
      const text = pyStr(value);
      if (sep === undefined || sep === null) return text.split(/\s+/).filter(Boolean);
      const parts = text.split(pyStr(sep));
      const limit = maxsplit === undefined ? -1 : Number(maxsplit);
      return limit < 0 || parts.length <= limit + 1 ? parts : [...parts.slice(0, limit), parts.slice(limit).join(pyStr(sep))];
    },
    first: (value) => listOf(value)[0] ?? new Undefined('first of an empty list'),
    last: (value) => listOf(value).at(-1) ?? new Undefined('last of an empty list'),
    reverse: (value) => (typeof value === 'string' ? [...value].reverse().join('') : [...listOf(value)].reverse()),
    unique: (value) => unique(listOf(value)),
    union: (value, [other]) => unique([...listOf(value), ...listOf(other)]),
    intersect: (value, [other]) => unique(listOf(value).filter((x) => has(listOf(other), x))),
    difference: (value, [other]) => unique(listOf(value).filter((x) => !has(listOf(other), x))),
    symmetric_difference: (value, [other]) => {
      const a = listOf(value);
      const b = listOf(other);
      return unique([...a.filter((x) => !has(b, x)), ...b.filter((x) => !has(a, x))]);
    },
    flatten: (value, [levels], kwargs) => flatten(listOf(value), (levels ?? kwargs.levels) as number | undefined, kwargs.skip_nulls !== false),
    min: (value, _a, kwargs) => pick(listOf(value), kwargs, (c) => c < 0),
    max: (value, _a, kwargs) => pick(listOf(value), kwargs, (c) => c > 0),
    sum: (value, args, kwargs) => {
      const items = kwargs.attribute !== undefined ? listOf(value).map((i) => defined(attributePath(i, kwargs.attribute))) : listOf(value);
      const start = args[0] ?? kwargs.start ?? 0;
      if (Array.isArray(start)) return items.reduce((total: unknown[], n) => total.concat(listOf(n)), start);
      return items.reduce((total: number, n) => total + Number(n), Number(start));
    },
    sort: (value, args, kwargs) => {
      const reverse = (args[0] ?? kwargs.reverse) === true;
      const caseSensitive = (args[1] ?? kwargs.case_sensitive) === true;
      const attr = args[2] ?? kwargs.attribute;
      const key = (x: unknown): unknown => (attr === undefined ? x : defined(attributePath(x, attr)));
      const sorted = [...listOf(value)].sort((a, b) => sortKey(key(a), key(b), caseSensitive));
      return reverse ? sorted.reverse() : sorted;
    },
    dictsort: (value, args, kwargs) => {
      const by = args[1] ?? kwargs.by ?? 'key';
      const entries = Object.entries(dictOf(value, 'dictsort')).sort((a, b) =>
        sortKey(by === 'value' ? a[1] : a[0], by === 'value' ? b[1] : b[0], (args[0] ?? kwargs.case_sensitive) === true),
      );
      return (args[2] ?? kwargs.reverse) === true ? entries.reverse() : entries;
    },
    dict2items: (value, _a, kwargs) => {
      const keyName = String(kwargs.key_name ?? 'key');
      const valueName = String(kwargs.value_name ?? 'value');
      return Object.entries(dictOf(value, 'dict2items')).map(([k, v]) => ({ [keyName]: k, [valueName]: v }));
    },
    items2dict: (value, _a, kwargs) => {
      const keyName = String(kwargs.key_name ?? 'key');
      const valueName = String(kwargs.value_name ?? 'value');
      return Object.fromEntries(listOf(value).map((item) => [pyStr(dictOf(item, 'items2dict')[keyName]), (item as Record<string, unknown>)[valueName]]));
    },
    combine: (value, args, kwargs) => {
      const dicts = [value, ...args].flatMap((d) => (Array.isArray(d) ? d : [d])).map((d) => dictOf(d, 'combine'));
      return combine(dicts, kwargs.recursive === true, String(kwargs.list_merge ?? 'replace'));
    },
    zip: (value, args) => {
      const lists = [value, ...args].map(listOf);
      return Array.from({ length: Math.min(...lists.map((l) => l.length)) }, (_v, i) => lists.map((l) => l[i]));
    },
    zip_longest: (value, args, kwargs) => {
      const lists = [value, ...args].map(listOf);
      const fill = kwargs.fillvalue ?? null;
      return Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_v, i) => lists.map((l) => (i < l.length ? l[i] : fill)));
    },
    subelements: (value, [path, skip], kwargs) => {
      const skipMissing = (isPlainRecord(skip) ? skip.skip_missing : (skip ?? kwargs.skip_missing)) === true;
      return listOf(value).flatMap((item) => {
        const sub = attributePath(item, path);
        if (sub instanceof Undefined) {
          if (skipMissing) return [];
          throw new ExpressionError(`could not find '${pyStr(path)}' key in iterated item`);
        }
        return listOf(sub).map((element) => [item, element]);
      });
    },
    map: (value, args, kwargs, ctx) => {
      if (kwargs.attribute !== undefined) {
        return listOf(value).map((item) => {
          const got = attributePath(item, kwargs.attribute);
          return got instanceof Undefined && kwargs.default !== undefined ? kwargs.default : defined(got);
        });
      }
      const [name, ...rest] = args;
      if (name === undefined) return [...listOf(value)];
      return listOf(value).map((item) => apply(String(name), item, rest, kwargs, ctx));
    },
    select: selectLike(true, false, apply, test),
    reject: selectLike(false, false, apply, test),
    selectattr: selectLike(true, true, apply, test),
    rejectattr: selectLike(false, true, apply, test),
    batch: (value, [size, fill]) => {
      const items = listOf(value);
      const n = Number(size);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
      if (fill !== undefined && out.length) while (out[out.length - 1].length < n) out[out.length - 1].push(fill);
      return out;
    },
    groupby: (value, [attr]) => {
      const groups: Array<[unknown, unknown[]]> = [];
      for (const item of listOf(value)) {
        const key = defined(attributePath(item, attr));
        const group = groups.find(([k]) => deepEqual(k, key));
        if (group) group[1].push(item);
        else groups.push([key, [item]]);
      }
      return groups.sort((a, b) => sortKey(a[0], b[0]));
    },
    extract: (value, [container, morekeys]) => {
      let got: unknown = container;
      for (const key of [value, ...(morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys])]) {
        const read = readKey(got, key as string | number);
        if (!read.found) return new Undefined(`${pyStr(key)}`);
        got = read.value;
      }
      return got;
    },
    attr: (value, [name]) => {
      const read = readKey(value, String(name));
      return read.found ? read.value : new Undefined(String(name));
    },
    random: (value, _a, kwargs) => {
      const next = seededRandom(kwargs.seed);
      if (typeof value === 'number') return Math.floor(next() * value);
      const items = listOf(value);
      return items[Math.floor(next() * items.length)];
    },
    shuffle: (value, _a, kwargs) => {
      const next = seededRandom(kwargs.seed);
      const items = [...listOf(value)];
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}

function pick(items: unknown[], kwargs: Kw, better: (c: number) => boolean): unknown {
  if (!items.length) return new Undefined('min/max of an empty sequence');
  const key = (x: unknown): unknown => (kwargs.attribute === undefined ? x : defined(attributePath(x, kwargs.attribute)));
  return items.reduce((best, item) => (better(sortKey(key(item), key(best), kwargs.case_sensitive === true)) ? item : best));
}
