// Ansible's "unsafe" values: text that is data, never a template. Module results (register),
// lookup results (with_* loop items) and YAML's `!unsafe` are unsafe; so is what a template
// gives when it read an unsafe value. An unsafe value is never templated again: a registered
// stdout holding `{{ x }}` stays that text wherever it is read, as in ansible-core 2.14.
//
// JavaScript strings cannot carry a mark, so an unsafe string is boxed (UnsafeText) where it is
// stored; a list or dict is marked instead (everything inside it is unsafe). Reading a value in
// an expression unboxes it and notes that an unsafe value was read (see readUnsafe).

export class UnsafeText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** Lists and dicts whose whole content is unsafe (a registered result, a lookup's item). */
const unsafeObjects = new WeakSet<object>();
/** Lists and dicts holding an UnsafeText somewhere inside (read as an unboxed copy). */
const holders = new WeakSet<object>();

/**
 * The value marked unsafe: a string boxed, a list or dict copied (one level) and the copy marked,
 * so a variable it was read from stays as it was. Other objects are returned as they are.
 */
export function markUnsafe<T>(value: T): T | UnsafeText {
  if (typeof value === 'string') return new UnsafeText(value);
  if (value === null || typeof value !== 'object' || unsafeObjects.has(value)) return value;
  const copy = markedCopy(value);
  return (copy ?? value) as T;
}

/** Marked one-level copies of what was read out of marked lists and dicts, by original. */
const copies = new WeakMap<object, object>();

function markedCopy(value: object): object | undefined {
  let copy: object | undefined;
  if (Array.isArray(value)) copy = [...value];
  else if (Object.getPrototypeOf(value) === Object.prototype) copy = { ...value };
  else return undefined;
  if (holders.has(value)) holders.add(copy);
  unsafeObjects.add(copy);
  return copy;
}

/** True for a value no template may render: a boxed string or a marked list or dict. */
export function isUnsafe(value: unknown): boolean {
  return value instanceof UnsafeText || (value !== null && typeof value === 'object' && unsafeObjects.has(value));
}

/** Notes every list and dict that holds an UnsafeText (after YAML reading built them); true if any. */
export function noteUnsafeHolders(value: unknown): boolean {
  if (value instanceof UnsafeText) return true;
  if (value === null || typeof value !== 'object') return false;
  let found = false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (noteUnsafeHolders(item)) found = true;
  if (found) holders.add(value);
  return found;
}

/** A copy of `to` keeps the marks of `from` (deep copies of vars files). */
export function copyUnsafeMarks(from: object, to: object): void {
  if (unsafeObjects.has(from)) unsafeObjects.add(to);
  if (holders.has(from)) holders.add(to);
}

let readUnsafeValue = false;

/**
 * A value as an expression sees it: an UnsafeText unboxed, a holder copied with its boxes
 * unboxed; reading any unsafe value is noted for the template being rendered (trackUnsafe).
 * What is read out of a marked list or dict is unsafe too (a list inside is marked in turn).
 */
export function readUnsafe(value: unknown, from?: unknown): unknown {
  if (value instanceof UnsafeText) {
    readUnsafeValue = true;
    return value.text;
  }
  const inMarked = from !== null && typeof from === 'object' && unsafeObjects.has(from as object);
  if (inMarked) readUnsafeValue = true;
  if (value === null || typeof value !== 'object') return value;
  if (unsafeObjects.has(value)) readUnsafeValue = true;
  let seen: object = value;
  if (inMarked && !unsafeObjects.has(value)) {
    // what a marked list or dict holds is unsafe too: a marked copy, made once per original
    let copy = copies.get(value);
    if (!copy) {
      copy = markedCopy(value);
      if (copy) copies.set(value, copy);
    }
    seen = copy ?? value;
  }
  if (!holders.has(seen)) return seen;
  readUnsafeValue = true;
  return unboxed(seen);
}

/** Every UnsafeText inside replaced by its text (a copy where needed); marks are kept. */
export function unboxed(value: unknown): unknown {
  if (value instanceof UnsafeText) return value.text;
  if (value === null || typeof value !== 'object' || !holders.has(value)) return value;
  if (Array.isArray(value)) return keepMark(value, value.map(unboxed));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = unboxed(v);
  return keepMark(value, out);
}

function keepMark<T extends object>(from: object, to: T): T {
  if (unsafeObjects.has(from)) unsafeObjects.add(to);
  return to;
}

/** Runs `render` and tells whether it read an unsafe value; nested renders add to the outer one. */
export function trackUnsafe<T>(render: () => T): { value: T; unsafe: boolean } {
  const outer = readUnsafeValue;
  readUnsafeValue = false;
  try {
    const value = render();
    return { value, unsafe: readUnsafeValue };
  } finally {
    readUnsafeValue = outer || readUnsafeValue;
  }
}
