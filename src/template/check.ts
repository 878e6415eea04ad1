// Load-time checks: parse (never render) a YAML value, a condition or a template file, so a
// syntax error or an unsupported filter/test/tag is reported before any host is touched.
import { readFileSync } from 'node:fs';
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { parseCondition } from './expression.ts';
import { isTemplated, parseFileTemplate, parseValueTemplate } from './jinja.ts';
import { TemplateSyntaxError } from './jinja-lexer.ts';

export interface TemplateProblem {
  message: string;
  /** line/col inside the text or file, when known */
  line?: number;
  col?: number;
}

function problem(error: unknown): TemplateProblem {
  if (error instanceof TemplateSyntaxError) return { message: error.message, line: error.line, col: error.col };
  if (error instanceof ExpressionSyntaxError) return { message: error.message, line: 1, col: error.pos + 1 };
  throw error;
}

/** A YAML string value: undefined when fine. */
export function checkValue(text: string): TemplateProblem | undefined {
  if (!isTemplated(text)) return undefined;
  try {
    parseValueTemplate(text);
    return undefined;
  } catch (error) {
    return problem(error);
  }
}

/** A bare when/changed_when/failed_when/until/that expression. */
export function checkCondition(text: string): TemplateProblem | undefined {
  try {
    if (isTemplated(text) && !/^\s*\{\{[\s\S]*\}\}\s*$/.test(text)) parseValueTemplate(text);
    else parseCondition(text);
    return undefined;
  } catch (error) {
    return problem(error);
  }
}

/** A template file (Jinja unless `.hbs`); reading errors are left to the run. */
export function checkTemplateFile(path: string): TemplateProblem | undefined {
  if (path.endsWith('.hbs')) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    parseFileTemplate(text);
    return undefined;
  } catch (error) {
    return problem(error);
  }
}
