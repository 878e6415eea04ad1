// Walks a parsed Jinja expression. Values are plain data; a missing variable or attribute is an
// Undefined marker that only `is defined`, `default` and short-circuiting may leave unused.
import { contains, deepEqual, isPlainRecord, isTruthy, typeName } from './convert.ts';
import { describePath, type ExprNode, type Kwargs } from './expression-ast.ts';
import { applyFilter, applyTest } from './filters.ts';
import { callMethod } from './expression-methods.ts';
import { callGlobal, GLOBAL_NAMES } from './globals.ts';
import { Callable, ExpressionError, Undefined, defined, isUndefined, type Kw } from './expression-values.ts';
import { pyStr } from './python-text.ts';
import { percentFormat } from './python-format.ts';
import { readKey } from './lookup.ts';
import { float, isFloat, num, PyFloat, tuple } from './python-numbers.ts';
import type { EvalContext } from './eval-context.ts';

function compare(x: unknown, y: unknown, op: string): number {
  const a = num(x);
  const b = num(y);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    if ((typeof a === 'boolean' || typeof a === 'number') && (typeof b === 'boolean' || typeof b === 'number')) return Number(a) - Number(b);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!deepEqual(a[i], b[i])) return compare(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  throw new ExpressionError(`'${op}' not supported between instances of '${pyType(a)}' and '${pyType(b)}'`);
}

function pyType(value: unknown): string {
  const name = typeName(value);
  return name === 'string' ? 'str' : name === 'none' ? 'NoneType' : name;
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '~') return pyStr(a) + pyStr(b);
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (op === '*' && typeof b === 'number' && (typeof a === 'string' || Array.isArray(a))) return repeat(a, b);
  if (op === '*' && typeof a === 'number' && (typeof b === 'string' || Array.isArray(b))) return repeat(b, a);
  const x = typeof a === 'boolean' ? Number(a) : num(a);
  const y = typeof b === 'boolean' ? Number(b) : num(b);
  if (typeof x !== 'number' || typeof y !== 'number') {
    throw new ExpressionError(`unsupported operand type(s) for ${op}: '${pyType(a)}' and '${pyType(b)}'`);
  }
  if ((op === '/' || op === '//' || op === '%') && y === 0) throw new ExpressionError('division by zero');
  const result = numeric(op, x, y);
  // Python: `/` always gives a float, the others do when either side is one.
  return op === '/' || isFloat(a) || isFloat(b) || !Number.isInteger(result) ? float(result) : result;
}

function numeric(op: string, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '//':
      return Math.floor(x / y);
    case '**':
      return x ** y;
    default:
      return x - y * Math.floor(x / y);
  }
}

function repeat(value: string | unknown[], times: number): unknown {
  const n = Math.max(0, Math.trunc(times));
  return typeof value === 'string' ? value.repeat(n) : Array.from({ length: n }, () => value).flat();
}

function binary(op: string, left: unknown, right: unknown): unknown {
  switch (op) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
    case '<':
      return compare(left, right, op) < 0;
    case '>':
      return compare(left, right, op) > 0;
    case '<=':
      return compare(left, right, op) <= 0;
    case '>=':
      return compare(left, right, op) >= 0;
    default:
      return arithmetic(op, left, right);
  }
}

function member(target: unknown, key: unknown, node: ExprNode): unknown {
  if (isUndefined(target)) return target;
  const read = readKey(target, key as string | number);
  return read.found ? read.value : new Undefined(() => describePath(node));
}

/** A node's value, failing when it is undefined (everything but tests and default accepts only these). */
function val(node: ExprNode, ctx: EvalContext): unknown {
  return defined(evaluateNode(node, ctx));
}

function vals(nodes: ExprNode[], ctx: EvalContext): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    if (node.kind !== 'splat') out.push(val(node, ctx));
    else {
      const items = val(node.operand, ctx);
      if (!Array.isArray(items)) throw new ExpressionError(`argument after * must be a list, not ${pyType(items)}`);
      out.push(...items);
    }
  }
  return out;
}

function sliceOf(target: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (!Array.isArray(target) && typeof target !== 'string') throw new ExpressionError(`'${pyType(target)}' object is not subscriptable`);
  const items = typeof target === 'string' ? [...target] : target;
  const n = items.length;
  const by = step === undefined || step === null ? 1 : Number(step);
  if (by === 0) throw new ExpressionError('slice step cannot be zero');
  const clamp = (v: unknown, fallback: number): number => {
    if (v === undefined || v === null) return fallback;
    const i = Number(v) < 0 ? Number(v) + n : Number(v);
    return by > 0 ? Math.min(Math.max(i, 0), n) : Math.min(Math.max(i, -1), n - 1);
  };
  const from = clamp(start, by > 0 ? 0 : n - 1);
  const to = clamp(stop, by > 0 ? n : -1);
  const out: unknown[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(items[i]);
  return typeof target === 'string' ? out.join('') : out;
}

function kwargsOf(kwargs: Kwargs, ctx: EvalContext): Kw {
  const out: Kw = {};
  for (const [name, node] of kwargs) {
    if (name !== '**') out[name] = val(node, ctx);
    else {
      const extra = val(node, ctx);
      if (!isPlainRecord(extra)) throw new ExpressionError(`argument after ** must be a mapping, not ${pyType(extra)}`);
      Object.assign(out, extra);
    }
  }
  return out;
}

function call(node: Extract<ExprNode, { kind: 'call' }>, ctx: EvalContext): unknown {
  const target = node.target;
  if (target.kind === 'attribute') {
    const owner = val(target.target, ctx);
    const read = readKey(owner, target.name);
    if (read.found && read.value instanceof Callable) return read.value.invoke(vals(node.args, ctx), kwargsOf(node.kwargs, ctx));
    return callMethod(owner, target.name, vals(node.args, ctx), kwargsOf(node.kwargs, ctx));
  }
  if (target.kind === 'variable') {
    const read = readKey(ctx.scope, target.name);
    if (read.found && read.value instanceof Callable) return read.value.invoke(vals(node.args, ctx), kwargsOf(node.kwargs, ctx));
    if (!read.found && GLOBAL_NAMES.has(target.name)) return callGlobal(target.name, vals(node.args, ctx), kwargsOf(node.kwargs, ctx), ctx);
    if (!read.found) throw new ExpressionError(`'${target.name}' is undefined`);
  }
  const callee = val(target, ctx);
  if (callee instanceof Callable) return callee.invoke(vals(node.args, ctx), kwargsOf(node.kwargs, ctx));
  throw new ExpressionError(`'${pyType(callee)}' object is not callable`);
}

export function evaluateNode(node: ExprNode, ctx: EvalContext): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'variable': {
      const read = readKey(ctx.scope, node.name);
      return read.found ? read.value : new Undefined(node.name);
    }
    case 'attribute':
      return member(evaluateNode(node.target, ctx), node.name, node);
    case 'index':
      return member(evaluateNode(node.target, ctx), val(node.index, ctx), node);
    case 'slice':
      return sliceOf(val(node.target, ctx), node.start && val(node.start, ctx), node.stop && val(node.stop, ctx), node.step && val(node.step, ctx));
    case 'call':
      return call(node, ctx);
    case 'list':
      return node.tuple ? tuple(vals(node.items, ctx)) : vals(node.items, ctx);
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) out[pyStr(val(k, ctx))] = val(v, ctx);
      return out;
    }
    case 'not':
      return !isTruthy(val(node.operand, ctx));
    case 'splat':
      throw new ExpressionError('*args is only allowed in a call');
    case 'negate': {
      const n = val(node.operand, ctx);
      if (n instanceof PyFloat) return new PyFloat(-n.value);
      if (typeof n !== 'number') throw new ExpressionError(`bad operand type for unary -: '${pyType(n)}'`);
      return -n;
    }
    case 'and': {
      const left = val(node.left, ctx);
      return isTruthy(left) ? val(node.right, ctx) : left;
    }
    case 'or': {
      const left = val(node.left, ctx);
      return isTruthy(left) ? left : val(node.right, ctx);
    }
    case 'binary':
      return binary(node.op, val(node.left, ctx), val(node.right, ctx));
    case 'cond': {
      if (isTruthy(val(node.test, ctx))) return evaluateNode(node.then, ctx);
      return node.otherwise ? evaluateNode(node.otherwise, ctx) : new Undefined('inline if-expression without else');
    }
    case 'test': {
      const result = applyTest(node.name, evaluateNode(node.operand, ctx), vals(node.args, ctx), kwargsOf(node.kwargs, ctx), ctx);
      return node.negated ? !result : result;
    }
    case 'filter':
      return applyFilter(node.name, evaluateNode(node.operand, ctx), vals(node.args, ctx), kwargsOf(node.kwargs, ctx), ctx);
  }
}
