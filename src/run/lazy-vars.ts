// Ansible templates variables lazily: `base: "{{ workdir }}/x"` is rendered when read, with the
// vars of the task reading it, and an undefined name only fails if the variable is used.
import type { Vars } from '../core/vars.ts';
import { TemplateError } from '../core/errors.ts';
import type { TemplateEngine } from '../template/engine.ts';
import { isUnsafe } from '../core/unsafe.ts';

/** Remembers, per object, whether it holds a template (facts and layers keep their identity). */
export class TemplateScan {
  private readonly seen = new WeakMap<object, boolean>();

  has(value: unknown): boolean {
    if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
    if (!value || typeof value !== 'object' || isUnsafe(value)) return false;
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    const found = Array.isArray(value) ? value.some((v) => this.has(v)) : Object.values(value).some((v) => this.has(v));
    this.seen.set(value, found);
    return found;
  }
}

/** Each string rendered on its own; one that names an undefined variable stays as written. */
function renderKeepingUndefined(engine: TemplateEngine, raw: unknown, vars: Vars): unknown {
  if (isUnsafe(raw)) return raw;
  if (typeof raw === 'string') {
    try {
      return engine.renderString(raw, vars);
    } catch (error) {
      // A string search, not a regex: a value that contains itself unwinds through here at the
      // stack's limit, where compiling a regex can abort Node (RegExpCompiler out of memory)
      // instead of reporting the loop.
      if (error instanceof Error && !(error instanceof RangeError) && error.message.includes(' is undefined')) return raw;
      throw error;
    }
  }
  if (Array.isArray(raw)) return raw.map((item) => renderKeepingUndefined(engine, item, vars));
  if (!raw || typeof raw !== 'object' || Object.getPrototypeOf(raw) !== Object.prototype) return raw;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, renderKeepingUndefined(engine, v, vars)]));
}

/**
 * A vars object whose templated values render on first read (memoized, cycle-checked).
 * `fixed` (magic vars: hostvars is a proxy over every host) is added as is, never scanned.
 */
export function lazyVars(plain: Vars, engine: TemplateEngine, scan: TemplateScan, fixed: Vars = {}, keepUndefined = false): Vars {
  const out: Vars = {};
  const resolving = new Set<string>();
  for (const [key, raw] of Object.entries(plain)) {
    if (!scan.has(raw)) {
      out[key] = raw;
      continue;
    }
    let done = false;
    let value: unknown;
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (done) return value;
        if (resolving.has(key)) throw new TemplateError(`recursive loop detected in template for variable '${key}'`);
        resolving.add(key);
        try {
          value = keepUndefined ? renderKeepingUndefined(engine, raw, out) : engine.renderValue(raw, out);
          done = true;
        } finally {
          resolving.delete(key);
        }
        return value;
      },
      set(next: unknown) {
        value = next;
        done = true;
      },
    });
  }
  for (const [key, value] of Object.entries(fixed)) {
    Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
  }
  return out;
}
