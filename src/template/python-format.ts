// Python string formatting as Ansible content uses it: `'%s-%02d' % (a, n)` and
// `'{}:{port}'.format(host, port=80)`.
import { num } from './python-numbers.ts';
import { ExpressionError, type Kw } from './expression-values.ts';
import { pyRepr, pyStr } from './python-text.ts';
import { isPlainRecord } from './convert.ts';

const PERCENT = /%(\(\w+\))?([-+ 0#]*)(\*|\d+)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/g;

function pad(text: string, flags: string, width: number | undefined): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[+-]?\d/.test(text)) {
    const sign = /^[+-]/.test(text) ? text[0] : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function numberArg(raw: unknown): number {
  const value = num(raw);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  throw new ExpressionError(`%d format: a number is required, not ${typeof value === 'string' ? 'str' : typeof value}`);
}

function convert(conv: string, value: unknown, flags: string, precision: number | undefined): string {
  const sign = (n: number, text: string): string => (n >= 0 && flags.includes('+') ? `+${text}` : n >= 0 && flags.includes(' ') ? ` ${text}` : text);
  switch (conv) {
    case 's': {
      const t = pyStr(value);
      return precision === undefined ? t : t.slice(0, precision);
    }
    case 'r':
    case 'a':
      return pyRepr(value);
    case 'd':
    case 'i':
    case 'u': {
      const n = Math.trunc(numberArg(value));
      return sign(n, String(n));
    }
    case 'x':
      return Math.trunc(numberArg(value)).toString(16);
    case 'X':
      return Math.trunc(numberArg(value)).toString(16).toUpperCase();
    case 'o':
      return Math.trunc(numberArg(value)).toString(8);
    case 'e':
    case 'E': {
      const n = numberArg(value);
      const t = n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return sign(n, conv === 'E' ? t.toUpperCase() : t);
    }
    case 'f':
    case 'F': {
      const n = numberArg(value);
      return sign(n, n.toFixed(precision ?? 6));
    }
    case 'g':
    case 'G': {
      const n = numberArg(value);
      return sign(n, String(Number(n.toPrecision(precision || 6))));
    }
    case 'c':
      return typeof value === 'number' ? String.fromCodePoint(value) : pyStr(value);
    default:
      return '%';
  }
}

/** `format % args`: args is one value, a list (tuple) of values, or a dict for `%(name)s`. */
export function percentFormat(format: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  let next = 0;
  const out = format.replace(PERCENT, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let value: unknown;
    if (key) {
      if (!isPlainRecord(args)) throw new ExpressionError('format requires a mapping');
      value = args[key.slice(1, -1)];
    } else {
      if (next >= list.length) throw new ExpressionError('not enough arguments for format string');
      value = list[next++];
    }
    const w = width === '*' ? numberArg(list[next++]) : width === undefined ? undefined : Number(width);
    return pad(convert(conv, value, flags, precision === undefined ? undefined : Number(precision)), flags, w);
  });
  if (!Array.isArray(args) && !isPlainRecord(args) && next === 0 && !format.includes('%')) {
    throw new ExpressionError('not all arguments converted during string formatting');
  }
  return out;
}

/** str.format(): `{}`, `{0}`, `{name}`, `{0.attr}`/`{0[key]}`, and `:spec` with fill/align/width/precision. */
export function braceFormat(format: string, args: unknown[], kwargs: Kw): string {
  let auto = 0;
  return format.replace(/\{\{|\}\}|\{([^{}:!]*)(?:![rsa])?(?::([^{}]*))?\}/g, (match, field: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const [head, ...path] = (field ?? '').split(/\.|\[/).map((part) => part.replace(/\]$/, ''));
    let value: unknown = head === '' ? args[auto++] : /^\d+$/.test(head) ? args[Number(head)] : kwargs[head];
    for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
    return applySpec(value, spec ?? '');
  });
}

function applySpec(value: unknown, spec: string): string {
  const m = /^(?:(.)?([<>^=]))?([+ -])?(0)?(\d+)?(?:\.(\d+))?([sdfxXobeEgG%])?$/.exec(spec);
  if (!m || spec === '') return pyStr(value);
  const [, fill = ' ', align, , zero, width, precision, type] = m;
  let text: string;
  if (type === 'f' || (precision !== undefined && typeof value === 'number' && type !== 's')) text = numberArg(value).toFixed(Number(precision ?? 6));
  else if (type === 'd') text = String(Math.trunc(numberArg(value)));
  else if (type === 'x' || type === 'X') text = Math.trunc(numberArg(value)).toString(16)[type === 'X' ? 'toUpperCase' : 'toLowerCase']();
  else if (type === '%') text = `${(numberArg(value) * 100).toFixed(Number(precision ?? 6))}%`;
  else text = pyStr(value);
  const w = width === undefined ? 0 : Number(width);
  if (text.length >= w) return text;
  const fillChar = zero && !align ? '0' : fill;
  const direction = align ?? (typeof value === 'number' ? '>' : '<');
  const gap = w - text.length;
  if (direction === '<') return text + fillChar.repeat(gap);
  if (direction === '^') return fillChar.repeat(Math.floor(gap / 2)) + text + fillChar.repeat(Math.ceil(gap / 2));
  return fillChar.repeat(gap) + text;
}
