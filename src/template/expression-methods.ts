// The Python str/list/dict methods Ansible content calls in expressions (`s.split(',')`,
// `d.items()`, `'{}:{}'.format(h, p)`). Mutating list/dict methods exist for the
// `{% set _ = l.append(x) %}` idiom.
import { deepEqual, isPlainRecord, typeName } from './convert.ts';
import { ExpressionError, type Kw } from './expression-values.ts';
import { braceFormat } from './python-format.ts';
import { pyStr } from './python-text.ts';
import { readKey } from './lookup.ts';

function strip(text: string, chars: unknown, side: 'both' | 'left' | 'right'): string {
  const set = chars === undefined || chars === null ? null : String(chars);
  const drop = (ch: string): boolean => (set === null ? /\s/.test(ch) : set.includes(ch));
  let start = 0;
  let end = text.length;
  if (side !== 'right') while (start < end && drop(text[start])) start++;
  if (side !== 'left') while (end > start && drop(text[end - 1])) end--;
  return text.slice(start, end);
}

function split(text: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  const limit = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const words = text
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (limit < 0 || words.length <= limit + 1) return words;
    if (fromRight)
      return [
        text
          .trim()
          .split(/\s+/)
          .slice(0, words.length - limit)
          .join(' '),
        ...words.slice(words.length - limit),
      ];
    const rest = text.trim().replace(new RegExp(`^(?:\\S+\\s+){${limit}}`), '');
    return [...words.slice(0, limit), rest];
  }
  const separator = String(sep);
  if (separator === '') throw new ExpressionError('empty separator');
  const parts = text.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  if (fromRight) return [parts.slice(0, parts.length - limit).join(separator), ...parts.slice(parts.length - limit)];
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

function prefixes(arg: unknown): string[] {
  return Array.isArray(arg) ? arg.map(String) : [String(arg)];
}

function stringMethod(text: string, method: string, args: unknown[], kwargs: Kw): unknown {
  const [a, b, c] = args;
  switch (method) {
    case 'startswith':
      return prefixes(a).some((p) => text.startsWith(p));
    case 'endswith':
      return prefixes(a).some((p) => text.endsWith(p));
    case 'strip':
      return strip(text, a, 'both');
    case 'lstrip':
      return strip(text, a, 'left');
    case 'rstrip':
      return strip(text, a, 'right');
    case 'lower':
      return text.toLowerCase();
    case 'upper':
      return text.toUpperCase();
    case 'capitalize':
      return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    case 'title':
      return text.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, p: string, ch: string) => p + ch.toUpperCase());
    case 'swapcase':
      return [...text].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
    case 'split':
      return split(text, a ?? kwargs.sep, b ?? kwargs.maxsplit, false);
    case 'rsplit':
      return split(text, a ?? kwargs.sep, b ?? kwargs.maxsplit, true);
    case 'splitlines':
      return text.split(/\r\n|\r|\n/).filter((line, i, all) => i < all.length - 1 || line !== '');
    case 'replace': {
      const count = c === undefined ? -1 : Number(c);
      let out = text;
      let done = 0;
      let from = 0;
      for (;;) {
        if (count >= 0 && done >= count) return out;
        const at = out.indexOf(String(a), from);
        if (at < 0) return out;
        out = out.slice(0, at) + String(b) + out.slice(at + String(a).length);
        from = at + String(b).length + (String(a) === '' ? 1 : 0);
        done++;
        if (String(a) === '' && from > out.length) return out;
      }
    }
    case 'format':
      return braceFormat(text, args, kwargs);
    case 'join':
      return listOf(a).map(pyStr).join(text);
    case 'find':
      return text.indexOf(String(a));
    case 'rfind':
      return text.lastIndexOf(String(a));
    case 'index': {
      const at = text.indexOf(String(a));
      if (at < 0) throw new ExpressionError('substring not found');
      return at;
    }
    case 'count':
      return String(a) === '' ? text.length + 1 : text.split(String(a)).length - 1;
    case 'isdigit':
      return /^\d+$/.test(text);
    case 'isalpha':
      return /^[A-Za-z]+$/.test(text);
    case 'isalnum':
      return /^[A-Za-z0-9]+$/.test(text);
    case 'isspace':
      return /^\s+$/.test(text);
    case 'isupper':
      return /[A-Z]/.test(text) && text === text.toUpperCase();
    case 'islower':
      return /[a-z]/.test(text) && text === text.toLowerCase();
    case 'zfill':
      return /^[+-]/.test(text) ? text[0] + text.slice(1).padStart(Number(a) - 1, '0') : text.padStart(Number(a), '0');
    case 'ljust':
      return text.padEnd(Number(a), b === undefined ? ' ' : String(b));
    case 'rjust':
      return text.padStart(Number(a), b === undefined ? ' ' : String(b));
    case 'center': {
      const w = Number(a);
      const gap = Math.max(0, w - text.length);
      const fill = b === undefined ? ' ' : String(b);
      return fill.repeat(Math.floor(gap / 2)) + text + fill.repeat(Math.ceil(gap / 2));
    }
    case 'encode':
    case 'decode':
      return text;
  }
  return unsupported(text, method);
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainRecord(value)) return Object.keys(value);
  throw new ExpressionError(`'${typeName(value)}' object is not iterable`);
}

function listMethod(list: unknown[], method: string, args: unknown[]): unknown {
  const [a, b] = args;
  switch (method) {
    case 'append':
      list.push(a);
      return null;
    case 'extend':
      list.push(...listOf(a));
      return null;
    case 'insert':
      list.splice(Number(a), 0, b);
      return null;
    case 'pop':
      return list.splice(a === undefined ? -1 : Number(a), 1)[0] ?? null;
    case 'remove': {
      const at = list.findIndex((item) => deepEqual(item, a));
      if (at >= 0) list.splice(at, 1);
      return null;
    }
    case 'index': {
      const at = list.findIndex((item) => deepEqual(item, a));
      if (at < 0) throw new ExpressionError(`${pyStr(a)} is not in list`);
      return at;
    }
    case 'count':
      return list.filter((item) => deepEqual(item, a)).length;
    case 'copy':
      return [...list];
    case 'reverse':
      list.reverse();
      return null;
  }
  return unsupported(list, method);
}

function dictMethod(dict: Record<string, unknown>, method: string, args: unknown[], kwargs: Kw): unknown {
  const [a, b] = args;
  switch (method) {
    case 'keys':
      return Object.keys(dict);
    case 'values':
      return Object.values(dict);
    case 'items':
      return Object.entries(dict);
    case 'get': {
      const read = readKey(dict, String(a));
      return read.found ? read.value : (b ?? null);
    }
    case 'copy':
      return { ...dict };
    case 'update':
      Object.assign(dict, isPlainRecord(a) ? a : {}, kwargs);
      return null;
    case 'pop': {
      const read = readKey(dict, String(a));
      delete dict[String(a)];
      return read.found ? read.value : (b ?? null);
    }
    case 'setdefault':
      if (!Object.hasOwn(dict, String(a))) dict[String(a)] = b ?? null;
      return dict[String(a)];
  }
  return unsupported(dict, method);
}

function unsupported(value: unknown, method: string): never {
  throw new ExpressionError(`warren does not support the method '${method}' on ${typeName(value)} values`);
}

export function callMethod(target: unknown, method: string, args: unknown[], kwargs: Kw): unknown {
  if (typeof target === 'string') return stringMethod(target, method, args, kwargs);
  if (Array.isArray(target)) return listMethod(target, method, args);
  if (isPlainRecord(target)) return dictMethod(target, method, args, kwargs);
  return unsupported(target, method);
}
