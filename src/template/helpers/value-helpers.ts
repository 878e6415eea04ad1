// Helpers that read, default or convert values: default, mandatory, is_defined, lookup/index,
// hostvar, first, last, length, join, bool, int, string, plus the engine's internal path walkers.
import { HelperError, positionOf } from '../helper-error.ts';
import { readKey } from '../lookup.ts';
import { isTruthy, lengthOf, toBool, toInt, toText } from '../convert.ts';
import { rootVars, splitArgs, type HelperTable } from './helper-kit.ts';

function walkPath(head: unknown, args: unknown[], strict: boolean): unknown {
  const { params, options } = splitArgs(args);
  const name = String((options.hash as { name?: string }).name ?? '');
  const segments = name.split('.');
  let value = head;
  for (let i = 0; i < params.length; i++) {
    const read = readKey(value, String(params[i]));
    if (!read.found) {
      if (!strict) return undefined;
      throw new HelperError(`'${segments.slice(0, i + 2).join('.')}' is not defined`, positionOf(options));
    }
    value = read.value;
  }
  return value;
}

function strictIndex(container: unknown, key: unknown, options: unknown): unknown {
  const read = readKey(container, key as string | number);
  if (!read.found) throw new HelperError(`'${String(key)}' is not defined`, positionOf(options));
  return read.value;
}

export const valueHelpers: HelperTable = {
  // Internal: the strict rewrite of `a.b.c` (see strict-ast.ts); names the first missing segment.
  __strict_path: (head, ...rest) => walkPath(head, rest, true),
  __lenient_path: (head, ...rest) => walkPath(head, rest, false),
  // Internal: hands a whole-string expression's native value back to the engine.
  __capture: (value, options) => {
    const box = (options as { data?: { capture?: { value?: unknown } } }).data?.capture;
    if (box) box.value = value;
    return value;
  },
  // Internal: every `{{ x }}` output in text; lists and dicts print as JSON, none as ''.
  __text: (value) => toText(value),
  default: (...args) => {
    const { params } = splitArgs(args);
    const [value, fallback, ifFalsy] = params;
    if (value === undefined || (ifFalsy === true && !isTruthy(value))) return fallback;
    return value;
  },
  mandatory: (...args) => {
    const { params, options } = splitArgs(args);
    if (params[0] === undefined) {
      const message = params[1] !== undefined ? String(params[1]) : 'mandatory variable is not defined';
      throw new HelperError(message, positionOf(options));
    }
    return params[0];
  },
  is_defined: (value) => value !== undefined,
  lookup: (container, key, options) => strictIndex(container, key, options),
  index: (container, key, options) => strictIndex(container, key, options),
  hostvar: (host, name, options) => {
    const hostvars = rootVars(options as never).hostvars;
    const hostRead = readKey(hostvars, String(host));
    if (!hostRead.found) throw new HelperError(`host '${String(host)}' is not in the inventory`, positionOf(options));
    const read = readKey(hostRead.value, String(name));
    if (!read.found) throw new HelperError(`'${String(name)}' is not defined for host '${String(host)}'`, positionOf(options));
    return read.value;
  },
  first: (list) => (Array.isArray(list) || typeof list === 'string' ? list[0] : undefined),
  last: (list) => (Array.isArray(list) || typeof list === 'string' ? list[list.length - 1] : undefined),
  length: (value) => lengthOf(value),
  join: (...args) => {
    const { params } = splitArgs(args);
    const [list, separator] = params;
    if (!Array.isArray(list)) throw new Error(`join needs a list, got ${toText(list)}`);
    return list.map(toText).join(separator === undefined ? '' : String(separator));
  },
  bool: (value) => toBool(value),
  int: (value) => toInt(value),
  string: (value) => toText(value),
};
