// The condition language for when/changed_when/failed_when/until/assert: Jinja expressions,
// parsed by hand (never eval/Function) and cached by source text. As in Ansible, a condition
// holding `{{ }}` is templated first and the text it gives is then evaluated.
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { TemplateError } from '../core/errors.ts';
import { isConditionTrue } from './convert.ts';
import type { ExprNode } from './expression-ast.ts';
import { evaluateNode } from './expression-eval.ts';
import { FILTER_NAMES, TEST_NAMES } from './filters.ts';
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { parseExpression } from './expression-parser.ts';
import { defined } from './expression-values.ts';
import { isTemplated, renderValueText } from './jinja.ts';
import { pyStr } from './python-text.ts';

export interface ExpressionEvaluator {
  evaluate(expr: string, vars: Vars, where?: SourceLocation): unknown;
  isTrue(expr: string | boolean, vars: Vars, where?: SourceLocation): boolean;
}

const CACHE_LIMIT = 5000;
const NAMES = { filters: FILTER_NAMES, tests: TEST_NAMES };

/** Users paste `{{ x }}` from templates; the braces are tolerated around a whole condition. */
function stripBraces(expr: string): string {
  const match = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(expr);
  return match && !match[1].includes('{{') && !match[1].includes('}}') ? match[1] : expr;
}

/** Parses one expression; a syntax error names the column in the expression. */
export function parseCondition(expr: string): ExprNode {
  const inner = stripBraces(expr);
  try {
    return parseExpression(inner, NAMES);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    const offset = expr.indexOf(inner) + error.pos;
    throw new ExpressionSyntaxError(`${error.message} at column ${offset + 1} in expression: ${expr.trim()}`, offset);
  }
}

export function createExpressionEvaluator(): ExpressionEvaluator {
  const cache = new Map<string, ExprNode>();

  function parse(expr: string, where?: SourceLocation): ExprNode {
    const cached = cache.get(expr);
    if (cached) return cached;
    let tree: ExprNode;
    try {
      tree = parseCondition(expr);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) throw new TemplateError(error.message, where);
      throw error;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expr, tree);
    return tree;
  }

  function evaluate(expr: string, vars: Vars, where?: SourceLocation): unknown {
    let source = expr;
    const inner = stripBraces(expr);
    if (inner === expr && isTemplated(expr)) {
      // `when: "{{ a }} == {{ b }}"`: template the text, then evaluate what it says.
      try {
        source = pyStr(renderValueText(expr, vars));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new TemplateError(`${message} in expression: ${expr.trim()}`, where);
      }
    }
    const tree = parse(source, where);
    try {
      return defined(evaluateNode(tree, { scope: vars }));
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
