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
    for (const form of base64Forms(s)) forms.add(form);
    forms.add(encodeURIComponent(s));
    forms.add(s.replace(/'/g, `'\\''`));
  }
  if (/\r?\n/.test(trimmed)) {
    for (const line of trimmed.split(/\r?\n/)) if (line.trim().length >= MIN_LINE_LENGTH) forms.add(line.trim());
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/**
 * The base64 characters that depend only on the secret, at each of the 3 byte alignments it can
 * have inside a longer encoded text (`user:secret` Basic auth, a slurped file): the characters
 * shared with the bytes before or after it are left out. Plain and URL-safe alphabets.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (const shift of [0, 1, 2]) {
    const n = shift + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const start = shift === 0 ? 0 : shift + 1;
    const end = Math.floor(n / 3) * 4 + [0, 1, 2][n % 3]!;
    const core = encoded.slice(start, end);
    if (core.length < MIN_SECRET_LENGTH) continue;
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * Finds registered secrets in a text in one pass: the forms indexed by their first
 * MIN_SECRET_LENGTH characters, longest first at each position (what a longest-first regex
 * alternation matches). One regex of thousands of forms (TLS keys line by line, base64 at three
 * alignments) cost hundreds of ms to compile and run, even on a short text.
 */
class SecretMatcher {
  private readonly byPrefix = new Map<string, string[]>();
  private readonly firstChars = new Set<number>();

  constructor(forms: Iterable<string>) {
    for (const form of forms) {
      const prefix = form.slice(0, MIN_SECRET_LENGTH);
      const list = this.byPrefix.get(prefix);
      if (list) list.push(form);
      else this.byPrefix.set(prefix, [form]);
      this.firstChars.add(form.charCodeAt(0));
    }
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
  }

  /** The first secret at or after `from`: where it starts and how long it is. */
  find(text: string, from = 0): { index: number; length: number } | undefined {
    for (let i = from; i <= text.length - MIN_SECRET_LENGTH; i++) {
      if (!this.firstChars.has(text.charCodeAt(i))) continue;
      const candidates = this.byPrefix.get(text.slice(i, i + MIN_SECRET_LENGTH));
      const found = candidates?.find((form) => text.startsWith(form, i));
      if (found) return { index: i, length: found.length };
    }
    return undefined;
  }
}

export class SecretRegistry {
  private readonly values = new Set<string>();
  /** Rebuilt lazily after add(). */
  private matcher: SecretMatcher | undefined;

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) {
      for (const form of secretForms(value)) this.values.add(form);
      this.matcher = undefined;
    } else if (Array.isArray(value)) value.forEach((v) => this.add(v));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => this.add(v));
  }

  get size(): number {
    return this.values.size;
  }

  /** True when `text` contains any registered secret (in any of its forms). */
  contains(text: string): boolean {
    return this.match()?.find(text) !== undefined;
  }

  mask(text: string): string {
    const matcher = this.match();
    let found = matcher?.find(text);
    if (!matcher || !found) return text;
    let out = '';
    let at = 0;
    while (found) {
      out += text.slice(at, found.index) + MASK;
      at = found.index + found.length;
      found = matcher.find(text, at);
    }
    return out + text.slice(at);
  }

  /** Deep-masks strings (values and keys) in any value, keeping its shape and prototypes. */
  maskValue<T>(value: T): T {
    if (this.values.size === 0 || value === undefined) return value;
    return this.maskDeep(value, new WeakMap()) as T;
  }

  /**
   * The before side of a diff whose after side holds a secret. A rotated-away secret is no longer
   * registered, so an old line is hidden when it starts as a changed secret line of the after side
   * does up to the secret (same key, older value); when a secret stands at the start of its line,
   * every changed old line is hidden. Other changed lines (a timeout) stay readable.
   */
  private hideRotatedLines(before: string, after: string): string {
    const matcher = this.match();
    const oldLines = new Set(before.split('\n'));
    const newLines = new Set(after.split('\n'));
    const prefixes: string[] = [];
    for (const line of newLines) {
      const found = matcher && !oldLines.has(line) ? matcher.find(line) : undefined;
      if (found) prefixes.push(line.slice(0, found.index));
    }
    const hideAll = prefixes.some((prefix) => prefix.trim() === '');
    const hidden = (line: string) => !newLines.has(line) && (hideAll || prefixes.some((prefix) => line.startsWith(prefix)));
    return before
      .split('\n')
      .map((line) => (line !== '' && hidden(line) ? MASK : this.mask(line)))
      .join('\n');
  }

  private match(): SecretMatcher | undefined {
    if (this.values.size === 0) return undefined;
    this.matcher ??= new SecretMatcher(this.values);
    return this.matcher;
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
    const { before, after } = value as { before?: unknown; after?: unknown };
    if (typeof before === 'string' && typeof after === 'string' && this.contains(after)) {
      // A diff of a file that holds a secret: the old secret (rotated away, so not registered) is in before.
      for (const key of Object.getOwnPropertyNames(value)) {
        const desc = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
        desc.value = key === 'before' ? this.hideRotatedLines(before, after) : this.maskDeep(desc.value, seen);
        Object.defineProperty(out, this.mask(key), desc);
      }
      return out;
    }
    // Own property names, not just enumerable keys: an Error's message and stack are not enumerable.
    for (const key of Object.getOwnPropertyNames(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
      if ('value' in desc) desc.value = this.maskDeep(desc.value, seen);
      Object.defineProperty(out, this.mask(key), desc);
    }
    return out;
  }
}
