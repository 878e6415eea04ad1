// Ansible templates variables lazily: `base: "{{ workdir }}/x"` is rendered when read, with the
// vars of the task reading it, and an undefined name only fails if the variable is used.
import type { Vars } from '../core/vars.ts';
import { TemplateError } from '../core/errors.ts';
import type { TemplateEngine } from '../template/engine.ts';

/** Remembers, per object, whether it holds a template (facts and layers keep their identity). */
export class TemplateScan {
  private readonly seen = new WeakMap<object, boolean>();

  has(value: unknown): boolean {
    if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
    if (!value || typeof value !== 'object') return false;
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    const found = Array.isArray(value) ? value.some((v) => this.has(v)) : Object.values(value).some((v) => this.has(v));
    this.seen.set(value, found);
    return found;
  }
}

/**
 * A vars object whose templated values render on first read (memoized, cycle-checked).
 * `fixed` (magic vars: hostvars is a proxy over every host) is added as is, never scanned.
 */
export function lazyVars(plain: Vars, engine: TemplateEngine, scan: TemplateScan, fixed: Vars = {}): Vars {
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
          value = engine.renderValue(raw, out);
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
