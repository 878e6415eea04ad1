// Walks a parsed condition. Values are plain data; a missing variable or attribute is an
// Undefined marker that only `is defined`, `default` and short-circuiting may leave unused.
import { contains, deepEqual, isTruthy, toText, typeName } from './convert.ts';
import { describePath, type ExprNode } from './expression-ast.ts';
import { applyFilter, applyTest } from './expression-filters.ts';
import { ExpressionError, Undefined, defined, isUndefined } from './expression-values.ts';
import { readKey } from './lookup.ts';

type Scope = Record<string, unknown>;

function order(op: string, a: unknown, b: unknown): boolean {
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) throw new ExpressionError(`'${op}' not supported between ${typeName(a)} and ${typeName(b)}`);
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '~') return toText(a) + toText(b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw new ExpressionError(`'${op}' not supported between ${typeName(a)} and ${typeName(b)}`);
  }
  if ((op === '/' || op === '//' || op === '%') && b === 0) throw new ExpressionError('division by zero');
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '//': return Math.floor(a / b);
    default: return ((a % b) + b) % b;
  }
}

function binary(op: string, left: unknown, right: unknown): unknown {
  switch (op) {
    case '==': return deepEqual(left, right);
    case '!=': return !deepEqual(left, right);
    case 'in': return contains(right, left);
    case 'not in': return !contains(right, left);
    case '<': case '>': case '<=': case '>=': return order(op, left, right);
    default: return arithmetic(op, left, right);
  }
}

function member(target: unknown, key: unknown, path: string): unknown {
  if (isUndefined(target)) return target;
  const read = readKey(target, key as string | number);
  return read.found ? read.value : new Undefined(path);
}

function callMethod(target: unknown, method: string, args: unknown[]): unknown {
  if (typeof target === 'string') {
    const arg = args[0] === undefined ? undefined : String(args[0]);
    switch (method) {
      case 'startswith': return target.startsWith(arg ?? '');
      case 'endswith': return target.endsWith(arg ?? '');
      case 'strip': return target.trim();
      case 'lower': return target.toLowerCase();
      case 'upper': return target.toUpperCase();
      case 'split': return arg === undefined ? target.trim().split(/\s+/) : target.split(arg);
      case 'replace': return target.split(arg ?? '').join(String(args[1] ?? ''));
    }
  }
  if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
    switch (method) {
      case 'keys': return Object.keys(target);
      case 'values': return Object.values(target);
      case 'items': return Object.entries(target);
      case 'get': { const read = readKey(target, String(args[0])); return read.found ? read.value : (args[1] ?? null); }
    }
  }
  throw new ExpressionError(`${typeName(target)} has no method '${method}'`);
}

export function evaluateNode(node: ExprNode, scope: Scope): unknown {
  const value = (inner: ExprNode): unknown => defined(evaluateNode(inner, scope));
  switch (node.kind) {
    case 'literal': return node.value;
    case 'variable': { const read = readKey(scope, node.name); return read.found ? read.value : new Undefined(node.name); }
    case 'attribute': return member(evaluateNode(node.target, scope), node.name, describePath(node));
    case 'index': return member(evaluateNode(node.target, scope), value(node.index), describePath(node));
    case 'call': return callMethod(value(node.target), node.method, node.args.map(value));
    case 'list': return node.items.map(value);
    case 'dict': return Object.fromEntries(node.entries.map(([k, v]) => [toText(value(k)), value(v)]));
    case 'not': return !isTruthy(value(node.operand));
    case 'negate': { const n = value(node.operand); if (typeof n !== 'number') throw new ExpressionError(`cannot negate ${typeName(n)}`); return -n; }
    case 'and': { const left = value(node.left); return isTruthy(left) ? value(node.right) : left; }
    case 'or': { const left = value(node.left); return isTruthy(left) ? left : value(node.right); }
    case 'binary': return binary(node.op, value(node.left), value(node.right));
    case 'test': {
      const result = applyTest(node.name, evaluateNode(node.operand, scope), node.args.map(value));
      return node.negated ? !result : result;
    }
    case 'filter': return applyFilter(node.name, evaluateNode(node.operand, scope), node.args.map(value));
  }
}
