// Python's ast.literal_eval for the text a template produced: lists, dicts, tuples, strings,
// numbers, True/False/None. Anything else (a name, a call, JSON's `true`) is not a literal.
import type { ExprNode } from './expression-ast.ts';
import { tokenize } from './expression-lexer.ts';
import { parseExpression } from './expression-parser.ts';
import { PyFloat } from './python-numbers.ts';

const NO_NAMES = { filters: new Set<string>(), tests: new Set<string>() };
const LITERAL_NAMES = new Set(['True', 'False', 'None']);

function toValue(node: ExprNode): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map(toValue);
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) {
        const key = toValue(k);
        out[typeof key === 'string' ? key : String(key)] = toValue(v);
      }
      return out;
    }
    case 'negate': {
      const inner = toValue(node.operand);
      if (inner instanceof PyFloat) return new PyFloat(-inner.value);
      if (typeof inner !== 'number') throw new Error('not a literal');
      return -inner;
    }
    default:
      throw new Error('not a literal');
  }
}

export function parseLiteral(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    if (tokenize(text).some((t) => t.kind === 'name' && !LITERAL_NAMES.has(t.text))) return { ok: false };
    return { ok: true, value: toValue(parseExpression(text, NO_NAMES)) };
  } catch {
    return { ok: false };
  }
}
