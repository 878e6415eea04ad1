// Python's float where its value is whole (`2.0`): JavaScript has one number type, so such a
// float is boxed to keep printing as `2.0`. Here in core because YAML reading makes them
// (src/core/yaml-file.ts); the rest of the Python value model is src/template/python-numbers.ts.

export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return floatRepr(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

/** A float result: boxed when whole, so it keeps printing as a float. */
export function float(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** Python's repr(float): shortest digits, exponent form below 1e-4 and from 1e16. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, e] = n.toExponential().split('e');
  const power = Number(e);
  if (power >= -4 && power < 16) {
    const fixed = String(n);
    return Number.isInteger(n) ? `${fixed}.0` : fixed;
  }
  return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
}
