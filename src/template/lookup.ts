// One definition of "is this key defined on that value", shared by templates and expressions,
// so `{{ a.b }}`, `a.b is defined` and `hostvar` agree. Inherited Object.prototype members never
// count (a var called `constructor` must not resolve to a function).

import { readUnsafe } from '../core/unsafe.ts';

export interface KeyRead {
  found: boolean;
  value: unknown;
}

const MISSING: KeyRead = { found: false, value: undefined };

// Every read goes through readUnsafe: an unsafe value is unboxed and noted (src/core/unsafe.ts).

export function readKey(container: unknown, key: string | number): KeyRead {
  if (container === null || container === undefined) return MISSING;
  if (Array.isArray(container) || typeof container === 'string') {
    const index = typeof key === 'number' ? key : /^-?\d+$/.test(key) ? Number(key) : Number.NaN;
    if (!Number.isInteger(index)) return MISSING;
    const at = index < 0 ? container.length + index : index;
    return at >= 0 && at < container.length ? { found: true, value: readUnsafe(container[at], container) } : MISSING;
  }
  if (typeof container !== 'object') return MISSING;
  const name = String(key);
  if (Object.hasOwn(container, name) || (name in container && !(name in Object.prototype))) {
    return { found: true, value: readUnsafe((container as Record<string, unknown>)[name], container) };
  }
  return MISSING;
}

/** Splits a Handlebars-style path (`a.b`, `a.[0]`, `groups.[web-1]`) into its segments. */
export function splitPath(path: string): string[] {
  const segments: string[] = [];
  const pattern = /\[([^\]]*)\]|([^.[\]]+)/g;
  for (const match of path.matchAll(pattern)) segments.push(match[1] ?? match[2]);
  return segments;
}
