// How Jinja (on Python) prints values: str() for output, repr() inside lists and dicts, so
// `{{ [1, 'a', true] }}` is `[1, 'a', True]` and a list in a string reads back as a list.
import { isPlainRecord } from './convert.ts';
import { floatRepr, intText, PyFloat, PyTuple, useRepr } from './python-numbers.ts';
import { UnsafeText } from '../core/unsafe.ts';

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + quote;
}

function numberText(value: number): string {
  return Number.isInteger(value) ? intText(value) : floatRepr(value);
}

/** Python repr(): strings quoted, None/True/False capitalised. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof UnsafeText) return reprString(value.text);
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'number') return numberText(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (value instanceof PyTuple) return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(', ')})`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isPlainRecord(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

useRepr(pyRepr);

/** Python str(): what `{{ value }}` writes. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (value instanceof UnsafeText) return value.text;
  return pyRepr(value);
}
