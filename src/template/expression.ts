// The condition language for when/changed_when/failed_when/until/assert: a safe Jinja-like
// expression subset, parsed by hand (never eval/Function) and cached by source text.
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { TemplateError } from '../core/errors.ts';
import { isConditionTrue } from './convert.ts';
import type { ExprNode } from './expression-ast.ts';
import { evaluateNode } from './expression-eval.ts';
import { FILTER_NAMES, TEST_NAMES } from './expression-filters.ts';
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { parseExpression } from './expression-parser.ts';
import { defined } from './expression-values.ts';

export interface ExpressionEvaluator {
  evaluate(expr: string, vars: Vars, where?: SourceLocation): unknown;
  isTrue(expr: string | boolean, vars: Vars, where?: SourceLocation): boolean;
}

const CACHE_LIMIT = 5000;

/** Users paste `{{ x }}` from templates; the braces are tolerated around a whole condition. */
function stripBraces(expr: string): string {
  const match = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(expr);
  return match && !match[1].includes('{{') ? match[1] : expr;
}

export function createExpressionEvaluator(): ExpressionEvaluator {
  const cache = new Map<string, ExprNode>();

  function parse(expr: string, where?: SourceLocation): ExprNode {
    const cached = cache.get(expr);
    if (cached) return cached;
    let tree: ExprNode;
    try {
      tree = parseExpression(stripBraces(expr), { filters: FILTER_NAMES, tests: TEST_NAMES });
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      const offset = expr.indexOf(stripBraces(expr)) + error.pos;
      throw new TemplateError(`${error.message} at column ${offset + 1} in expression: ${expr}`, where);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expr, tree);
    return tree;
  }

  function evaluate(expr: string, vars: Vars, where?: SourceLocation): unknown {
    const tree = parse(expr, where);
    try {
      return defined(evaluateNode(tree, vars));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TemplateError(`${message} in expression: ${expr.trim()}`, where);
    }
  }

  function isTrue(expr: string | boolean, vars: Vars, where?: SourceLocation): boolean {
    if (typeof expr === 'boolean') return expr;
    return isConditionTrue(evaluate(expr, vars, where));
  }

  return { evaluate, isTrue };
}

// One shared evaluator: its only state is a parse cache, which never changes a result.
const shared = createExpressionEvaluator();

export function evaluate(expr: string, vars: Vars, where?: SourceLocation): unknown {
  return shared.evaluate(expr, vars, where);
}

export function isTrue(expr: string | boolean, vars: Vars, where?: SourceLocation): boolean {
  return shared.isTrue(expr, vars, where);
}
