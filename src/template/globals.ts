// Functions every expression can call: Jinja's globals (range, dict, namespace, lipsum) and
// Ansible's (lookup, query/q, now, undef).
import type { EvalContext } from './eval-context.ts';
import { ExpressionError, Undefined, type Kw } from './expression-values.ts';
import { runLookup } from './lookups.ts';
import { pyStr } from './python-text.ts';
import { isPlainRecord } from './convert.ts';
import { toPlain } from './python-numbers.ts';

export function pyRange(args: unknown[]): number[] {
  const nums = args.map(Number);
  const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) throw new ExpressionError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > 100000) throw new ExpressionError('range() is too big (more than 100000 items)');
  }
  return out;
}

function lookupCall(args: unknown[], kwargs: Kw, ctx: EvalContext, wantList: boolean): unknown {
  if (!args.length) throw new ExpressionError('lookup() needs the name of a lookup plugin');
  return runLookup(pyStr(args[0]), toPlain(args.slice(1)) as unknown[], toPlain(kwargs) as Kw, ctx, wantList);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function strftime(format: string, date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const table: Record<string, string> = {
    Y: String(date.getFullYear()),
    m: two(date.getMonth() + 1),
    d: two(date.getDate()),
    H: two(date.getHours()),
    M: two(date.getMinutes()),
    S: two(date.getSeconds()),
    s: String(Math.floor(date.getTime() / 1000)),
    f: String(date.getMilliseconds() * 1000).padStart(6, '0'), // JavaScript clocks stop at ms
    y: two(date.getFullYear() % 100),
    j: String(Math.floor((date.getTime() - new Date(date.getFullYear(), 0, 1).getTime()) / 86400000) + 1).padStart(3, '0'),
    I: two(date.getHours() % 12 || 12),
    p: date.getHours() < 12 ? 'AM' : 'PM',
    a: DAYS[date.getDay()].slice(0, 3),
    A: DAYS[date.getDay()],
    b: MONTHS[date.getMonth()].slice(0, 3),
    B: MONTHS[date.getMonth()],
    '%': '%',
  };
  return format.replace(/%(.)/g, (m, ch: string) => table[ch] ?? m);
}

const GLOBALS: Record<string, (args: unknown[], kwargs: Kw, ctx: EvalContext) => unknown> = {
  lookup: (args, kwargs, ctx) => lookupCall(args, kwargs, ctx, false),
  query: (args, kwargs, ctx) => lookupCall(args, kwargs, ctx, true),
  q: (args, kwargs, ctx) => lookupCall(args, kwargs, ctx, true),
  range: (args) => pyRange(args),
  dict: (args, kwargs) => {
    const base = args[0];
    const pairs = Array.isArray(base) ? Object.fromEntries(base as Array<[string, unknown]>) : isPlainRecord(base) ? base : {};
    return { ...pairs, ...kwargs };
  },
  namespace: (args, kwargs) => ({ ...(isPlainRecord(args[0]) ? args[0] : {}), ...kwargs }),
  lipsum: () => 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.',
  now: (_args, kwargs) => {
    const date = new Date();
    const utc = kwargs.utc === true ? new Date(date.getTime() + date.getTimezoneOffset() * 60000) : date;
    return typeof kwargs.fmt === 'string' ? strftime(kwargs.fmt, utc) : strftime('%Y-%m-%d %H:%M:%S', utc);
  },
  undef: (args) => new Undefined(args[0] === undefined ? 'undef()' : pyStr(args[0])),
};

export const GLOBAL_NAMES: ReadonlySet<string> = new Set(Object.keys(GLOBALS));

export function callGlobal(name: string, args: unknown[], kwargs: Kw, ctx: EvalContext): unknown {
  return GLOBALS[name](args, kwargs, ctx);
}
