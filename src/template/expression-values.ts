// The evaluator's notion of "undefined": a marker that remembers which path was missing, so an
// error can name it, and that `is defined` / `default` can inspect without failing.

export class Undefined {
  constructor(readonly path: string) {}
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
