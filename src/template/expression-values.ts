// The evaluator's notion of "undefined": a marker that remembers which path was missing, so an
// error can name it, and that `is defined` / `default` can inspect without failing.

export class Undefined {
  private text?: string;
  /** `describe` is a function when building the path text would cost more than not needing it. */
  constructor(private readonly describe: string | (() => string)) {}

  get path(): string {
    if (this.text === undefined) this.text = typeof this.describe === 'string' ? this.describe : this.describe();
    return this.text;
  }
}

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined;
}

/** The value itself, or an error naming the missing path. */
export function defined(value: unknown): unknown {
  if (value instanceof Undefined) throw new ExpressionError(`'${value.path}' is undefined`);
  return value;
}

export type Kw = Record<string, unknown>;

/** A value templates can call: a macro, `caller`, or a global such as `lookup`. */
export class Callable {
  constructor(
    readonly name: string,
    readonly invoke: (args: unknown[], kwargs: Kw) => unknown,
  ) {}
}
