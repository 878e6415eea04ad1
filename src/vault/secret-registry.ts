// Every secret value seen in a run (vault-decrypted values, no_log variables) is registered
// here; output passes through mask() before any reporter sees it.
export const MASK = '********';

export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 4) this.values.add(value);
    else if (Array.isArray(value)) value.forEach((v) => this.add(v));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => this.add(v));
  }

  get size(): number {
    return this.values.size;
  }

  mask(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  }

  /** Deep-masks any JSON-shaped value. */
  maskValue<T>(value: T): T {
    if (this.values.size === 0 || value === undefined) return value;
    return JSON.parse(this.mask(JSON.stringify(value))) as T;
  }
}
