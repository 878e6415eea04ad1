// The condition language for when/changed_when/failed_when/until/assert: Jinja expressions,
// parsed by hand (never eval/Function) and cached by source text. As in Ansible, a condition
// holding `{{ }}` is templated first and the text it gives is then evaluated.
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { TemplateError } from '../core/errors.ts';
import { isTruthy } from './convert.ts';
import type { ExprNode } from './expression-ast.ts';
import { evaluateNode } from './expression-eval.ts';
import { FILTER_NAMES, TEST_NAMES } from './filters.ts';
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { parseExpression } from './expression-parser.ts';
import { defined } from './expression-values.ts';
import { isTemplated, renderValueText } from './jinja.ts';
import { pyStr } from './python-text.ts';
import { toNative } from './python-numbers.ts';
import { renderErrorText } from './recursion.ts';

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

  /** `remember` is false for text a templated condition rendered to: only raw conditions are cached. */
  function parse(expr: string, where?: SourceLocation, remember = true): ExprNode {
    const cached = remember ? cache.get(expr) : undefined;
    if (cached) return cached;
    let tree: ExprNode;
    try {
      tree = parseCondition(expr);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) throw new TemplateError(error.message, where);
      throw error;
    }
    if (!remember) return tree;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expr, tree);
    return tree;
  }

  function evaluate(expr: string, vars: Vars, where?: SourceLocation): unknown {
    const cached = cache.get(expr);
    if (cached) return run(cached, expr, vars, where);
    if (stripBraces(expr) === expr && isTemplated(expr)) {
      // `when: "{{ a }} == {{ b }}"`: template the text, then evaluate what it says.
      let source: string;
      try {
        source = pyStr(renderValueText(expr, vars));
      } catch (error) {
        throw new TemplateError(`${renderErrorText(error)} in expression: ${expr.trim()}`, where);
      }
      return run(parse(source, where, false), expr, vars, where);
    }
    return run(parse(expr, where), expr, vars, where);
  }

  function run(tree: ExprNode, expr: string, vars: Vars, where?: SourceLocation): unknown {
    try {
      return toNative(defined(evaluateNode(tree, { scope: vars })));
    } catch (error) {
      throw new TemplateError(`${renderErrorText(error)} in expression: ${expr.trim()}`, where);
    }
  }

  // Ansible templates a condition first, then tests the text it gave with `{% if <text> %}`:
  // `when: "{{ s }}"` with s = "false" is false, while a bare `when: s` is a non-empty string.
  function isTrue(expr: string | boolean, vars: Vars, where?: SourceLocation): boolean {
    if (typeof expr === 'boolean') return expr;
    const result = evaluate(expr, vars, where);
    if (typeof result !== 'string' || stripBraces(expr) === expr) return isTruthy(result);
    if (result.trim() === '') return false;
    return isTruthy(run(parse(result, where, false), expr, vars, where));
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
