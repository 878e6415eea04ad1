// Every secret value seen in a run (vault-decrypted values, no_log variables) is registered
// here; output passes through mask() before any reporter sees it.
export const MASK = '********';

/** Shorter values would mask ordinary words and numbers all over the output. */
const MIN_SECRET_LENGTH = 4;
/** Lines of a multi-line secret (a key, a certificate) are masked on their own from this length. */
const MIN_LINE_LENGTH = 8;

/**
 * The ways a secret shows up in output besides verbatim: escaped inside JSON (once or twice,
 * e.g. a command printing JSON that is itself embedded in JSON), base64 (b64encode, k8s-style
 * files), percent-encoded (AMQP URIs), single-quoted for a shell, and its trimmed form.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const trimmed = secret.trim();
  if (trimmed.length >= MIN_SECRET_LENGTH) forms.add(trimmed);
  for (const s of [secret, trimmed]) {
    const json = JSON.stringify(s).slice(1, -1);
    forms.add(json);
    forms.add(JSON.stringify(json).slice(1, -1));
    const b64 = Buffer.from(s, 'utf8').toString('base64');
    forms.add(b64);
    forms.add(b64.replace(/=+$/, ''));
    forms.add(Buffer.from(s, 'utf8').toString('base64url'));
    forms.add(encodeURIComponent(s));
    forms.add(s.replace(/'/g, `'\\''`));
  }
  if (/\r?\n/.test(trimmed)) {
    for (const line of trimmed.split(/\r?\n/)) if (line.trim().length >= MIN_LINE_LENGTH) forms.add(line.trim());
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SecretRegistry {
  private readonly values = new Set<string>();
  /** Rebuilt lazily after add(): one pass over the text for all secrets. */
  private pattern: RegExp | undefined;

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) {
      for (const form of secretForms(value)) this.values.add(form);
      this.pattern = undefined;
    } else if (Array.isArray(value)) value.forEach((v) => this.add(v));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => this.add(v));
  }

  get size(): number {
    return this.values.size;
  }

  /** True when `text` contains any registered secret (in any of its forms). */
  contains(text: string): boolean {
    const re = this.regex();
    return re !== undefined && new RegExp(re.source).test(text);
  }

  mask(text: string): string {
    const re = this.regex();
    return re === undefined ? text : text.replace(re, MASK);
  }

  /** Deep-masks strings (values and keys) in any value, keeping its shape and prototypes. */
  maskValue<T>(value: T): T {
    if (this.values.size === 0 || value === undefined) return value;
    return this.maskDeep(value, new WeakMap()) as T;
  }

  private regex(): RegExp | undefined {
    if (this.values.size === 0) return undefined;
    if (!this.pattern) {
      // Longest first: alternation takes the first match, so a secret containing another is masked whole.
      const alternatives = [...this.values].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return this.pattern;
  }

  private maskDeep(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.maskDeep(item, seen));
      return out;
    }
    const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    seen.set(value, out);
    // Own property names, not just enumerable keys: an Error's message and stack are not enumerable.
    for (const key of Object.getOwnPropertyNames(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
      if ('value' in desc) desc.value = this.maskDeep(desc.value, seen);
      Object.defineProperty(out, this.mask(key), desc);
    }
    return out;
  }
}
