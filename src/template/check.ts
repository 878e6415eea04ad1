// Load-time checks: parse (never render) a YAML value, a condition or a template file, so a
// syntax error or an unsupported filter/test/tag is reported before any host is touched.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { walkNodes, type ExprNode } from './expression-ast.ts';
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { parseCondition } from './expression.ts';
import { isTemplated, parseFileTemplate, parseValueTemplate } from './jinja.ts';
import { TemplateSyntaxError } from './jinja-lexer.ts';
import type { TNode } from './jinja-parser.ts';

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
  const parsed = parsedFile(path);
  return parsed && 'message' in parsed ? parsed : undefined;
}

function parsedFile(path: string, maxBytes?: number): TNode[] | TemplateProblem | undefined {
  if (path.endsWith('.hbs')) return undefined;
  if (maxBytes !== undefined && (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseFileTemplate(text).nodes;
  } catch (error) {
    return problem(error);
  }
}

export interface FileProblem extends TemplateProblem {
  file: string;
  /** the including files, outermost first */
  includedFrom: Array<{ file: string; line: number }>;
}

/** Template names given as literals (`'a.j2'`, `['a.j2', 'b.j2']`); a computed name is left to the run. */
function literalNames(expr: ExprNode): string[] {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? [expr.value] : [];
  if (expr.kind === 'list') return expr.items.flatMap(literalNames);
  return [];
}

function referencedTemplates(nodes: TNode[], out: Array<{ name: string; line: number }> = []): Array<{ name: string; line: number }> {
  for (const node of nodes) {
    if (node.kind === 'include' || node.kind === 'import' || node.kind === 'extends')
      for (const name of literalNames(node.template)) out.push({ name, line: node.line });
    if (node.kind === 'if') for (const b of node.branches) referencedTemplates(b.body, out);
    else if (node.kind === 'for') referencedTemplates([...node.body, ...node.otherwise], out);
    else if ('body' in node && Array.isArray(node.body)) referencedTemplates(node.body, out);
  }
  return out;
}

/**
 * A template file and every file it includes, imports or extends by a literal name, found as
 * the renderer finds them (next to the including file, then `dirs`). Missing files are left to
 * the run (`ignore missing`, a name that only exists later).
 */
/** maxBytes: the run's template size limit; a bigger file is left to the task, which refuses it. */
export function checkTemplateTree(path: string, dirs: string[], maxBytes?: number, seen = new Set<string>()): FileProblem | undefined {
  if (seen.has(path)) return undefined;
  seen.add(path);
  const parsed = parsedFile(path, maxBytes);
  if (!parsed) return undefined;
  if (!Array.isArray(parsed)) return { ...parsed, file: path, includedFrom: [] };
  for (const ref of referencedTemplates(parsed)) {
    const candidates = isAbsolute(ref.name) ? [ref.name] : [dirname(path), ...dirs].map((dir) => join(dir, ref.name));
    const found = candidates.find((p) => existsSync(p));
    const inner = found && checkTemplateTree(found, dirs, maxBytes, seen);
    if (inner) return { ...inner, includedFrom: [{ file: path, line: ref.line }, ...inner.includedFrom] };
  }
  return undefined;
}

const LOOKUP_CALLS = new Set(['lookup', 'query', 'q']);
const TEMPLATE_LOOKUPS = new Set(['template', 'ansible.builtin.template']);

/** The expressions of a parsed template, bodies included. */
function expressionsOf(nodes: TNode[], out: ExprNode[] = []): ExprNode[] {
  for (const node of nodes) {
    switch (node.kind) {
      case 'output':
      case 'do':
        out.push(node.expr);
        break;
      case 'if':
        for (const b of node.branches) {
          if (b.test) out.push(b.test);
          expressionsOf(b.body, out);
        }
        break;
      case 'for':
        out.push(node.iter, ...(node.test ? [node.test] : []));
        expressionsOf([...node.body, ...node.otherwise], out);
        break;
      case 'set':
        if (node.value) out.push(node.value);
        if (node.body) expressionsOf(node.body, out);
        break;
      case 'with':
        out.push(...node.assigns.map(([, v]) => v));
        expressionsOf(node.body, out);
        break;
      case 'callblock':
        out.push(node.call);
        expressionsOf(node.body, out);
        break;
      case 'filterblock':
        out.push(node.filter);
        expressionsOf(node.body, out);
        break;
      default:
        if ('body' in node && Array.isArray(node.body)) expressionsOf(node.body, out);
    }
  }
  return out;
}

/**
 * Template files a YAML value or condition names by a literal in `lookup('template', 'x.j2')`
 * (or query/q); a computed name is left to the run. Text that does not parse names none.
 */
export function templateLookupNames(text: string, condition = false): string[] {
  let exprs: ExprNode[];
  try {
    if (condition && !(isTemplated(text) && !/^\s*\{\{[\s\S]*\}\}\s*$/.test(text))) exprs = [parseCondition(text)];
    else if (isTemplated(text)) exprs = expressionsOf(parseValueTemplate(text));
    else return [];
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const expr of exprs) {
    walkNodes(expr, (node) => {
      if (node.kind !== 'call' || node.target.kind !== 'variable' || !LOOKUP_CALLS.has(node.target.name)) return;
      const [plugin, ...terms] = node.args;
      if (plugin?.kind !== 'literal' || !TEMPLATE_LOOKUPS.has(String(plugin.value))) return;
      for (const term of terms) names.push(...literalNames(term));
    });
  }
  return names;
}
