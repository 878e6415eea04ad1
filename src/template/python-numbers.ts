// Python's float and tuple. JavaScript has one number type, so a float whose value is whole
// (`10 / 2`, `1.0`, `'3' | float`, YAML's `2.0`) is boxed as PyFloat to print as `5.0`; a
// fractional number is a float anyway. Boxes live in variables too (YAML values, set_fact,
// results of templates), so `[2.0]` stays `[2.0]` as in Ansible; modules get plain numbers
// (toPlain at the module boundary), tuples never leave the evaluator (toNative).
import { float, floatRepr, PyFloat } from '../core/py-float.ts';

export { float, floatRepr, PyFloat };
import { copyUnsafeMarks, UnsafeText } from '../core/unsafe.ts';

/** `(1, 2)`: a list that prints with parentheses and never equals a list. */
export class PyTuple extends Array<unknown> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export function tuple(items: unknown[]): PyTuple {
  const out = new PyTuple();
  out.push(...items);
  return out;
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** The plain number of a PyFloat; anything else unchanged. */
export function num<T>(v: T): T | number {
  return v instanceof PyFloat ? v.value : v;
}

/** Python's str(int): all digits, however large. */
export function intText(n: number): string {
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/**
 * A value leaving the evaluator into a variable: tuples become lists, whole floats inside lists
 * and dicts stay boxed. At the top of a YAML value a whole float and a tuple are their text, as
 * in ansible-core 2.14 (`"{{ 10 / 2 }}"` is the string "5.0", `"{{ (1, 2) }}"` is "(1, 2)").
 */
export function toNative(value: unknown, top = false): unknown {
  if (value instanceof PyFloat) return top ? value.toString() : value;
  if (value instanceof PyTuple && top) return `(${value.length === 1 ? `${repr(value[0])},` : value.map(repr).join(', ')})`;
  return plainInner(value, new Set(), true);
}

/** A value for JavaScript code (module arguments, lookups): floats are numbers, tuples lists, unsafe text a string. */
export function toPlain(value: unknown): unknown {
  return plainInner(value, new Set(), false);
}

/** A deep copy of variable data (structuredClone would drop the PyFloat class). */
export function cloneData<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof PyFloat || value instanceof UnsafeText) return value;
  if (Array.isArray(value)) return withMarks(value, value.map(cloneData)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneData(v);
  return withMarks(value, out) as T;
}

function withMarks<T extends object>(from: object, to: T): T {
  copyUnsafeMarks(from, to);
  return to;
}

/** JSON.stringify, but a whole float is written as Python writes it (`2.0`). */
export function jsonWithFloats(value: unknown, indent?: number): string {
  if (!containsFloat(value, new Set())) return JSON.stringify(value, null, indent);
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key, v) {
      const raw = this[key];
      return raw instanceof PyFloat ? `${FLOAT_MARK}${floatRepr(raw.value)}${FLOAT_MARK}` : v;
    },
    indent,
  );
  return text.replace(FLOAT_MARKED, '$1');
}

// A marker user text cannot forge by chance: NUL plus a per-process nonce (JSON writes \u0000).
const NONCE = Math.random().toString(36).slice(2, 10);
const FLOAT_MARK = `\u0000${NONCE}`;
const FLOAT_MARKED = new RegExp(`"\\\\u0000${NONCE}([^"]*)\\\\u0000${NONCE}"`, 'g');

function containsFloat(value: unknown, seen: Set<object>): boolean {
  if (value instanceof PyFloat) return true;
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  return (Array.isArray(value) ? value : Object.values(value)).some((v) => containsFloat(v, seen));
}

let repr: (v: unknown) => string = String;
/** python-text.ts registers its repr here (it imports this module, not the other way). */
export function useRepr(fn: (v: unknown) => string): void {
  repr = fn;
}

function plainInner(value: unknown, seen: Set<object>, keepFloats: boolean): unknown {
  if (value instanceof PyFloat) return keepFloats ? value : value.value;
  if (value instanceof UnsafeText) return keepFloats ? value : value.text;
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined = value instanceof PyTuple ? [...value] : undefined;
    for (let i = 0; i < value.length; i++) {
      const item = plainInner(value[i], seen, keepFloats);
      if (item !== value[i]) (out ??= [...value])[i] = item;
    }
    return out ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const item = plainInner(v, seen, keepFloats);
    if (item !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = item;
  }
  return out ?? value;
}
