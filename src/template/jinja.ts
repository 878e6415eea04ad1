// Ansible's template semantics on top of the Jinja parser and renderer: native types for a
// value that is one `{{ expr }}`, literal read-back of text that looks like a list or dict,
// template files with `#jinja2:` headers, include/import search paths, parse caches.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { ExprNode } from './expression-ast.ts';
import { evaluateNode } from './expression-eval.ts';
import { defined, ExpressionError } from './expression-values.ts';
import type { Scope } from './eval-context.ts';
import { ANSIBLE_DEFAULTS, TemplateSyntaxError, type LexOptions } from './jinja-lexer.ts';
import { parseTemplate, type TNode } from './jinja-parser.ts';
import { renderTemplateNodes, TemplateRenderError, type TemplateLoader } from './jinja-render.ts';
import { parseLiteral } from './literal.ts';
import { searchPaths, useTermRenderer } from './lookups.ts';
import { pyStr } from './python-text.ts';
import { PyFloat, toNative } from './python-numbers.ts';
import { markUnsafe, trackUnsafe } from '../core/unsafe.ts';
import { checkTemplateSource } from './size-limit.ts';

const CACHE_LIMIT = 5000;
const valueCache = new Map<string, TNode[]>();
const fileCache = new Map<string, { nodes: TNode[]; options: LexOptions; bytes: number }>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/** Parses a YAML value's template text (cached); throws TemplateSyntaxError with line/col. */
export function parseValueTemplate(text: string): TNode[] {
  return valueCache.get(text) ?? remember(valueCache, text, parseTemplate(text, ANSIBLE_DEFAULTS));
}

/** `#jinja2: trim_blocks: False, lstrip_blocks: True` on the first line overrides the defaults. */
export function templateOptions(source: string, base: Partial<LexOptions> = {}): { body: string; options: LexOptions } {
  const options: LexOptions = { ...ANSIBLE_DEFAULTS, ...base };
  if (!source.startsWith('#jinja2:')) return { body: source, options };
  const newline = source.indexOf('\n');
  const header = source.slice('#jinja2:'.length, newline < 0 ? undefined : newline);
  const keys: Record<string, keyof LexOptions> = {
    trim_blocks: 'trimBlocks',
    lstrip_blocks: 'lstripBlocks',
    block_start_string: 'blockStart',
    block_end_string: 'blockEnd',
    variable_start_string: 'varStart',
    variable_end_string: 'varEnd',
    comment_start_string: 'commentStart',
    comment_end_string: 'commentEnd',
  };
  for (const pair of header.split(',')) {
    const colon = pair.indexOf(':');
    if (colon < 0) continue;
    const key = keys[pair.slice(0, colon).trim()];
    if (!key) continue;
    const raw = pair.slice(colon + 1).trim();
    const parsed = /^(True|False|true|false)$/.test(raw) ? /^t/i.test(raw) : raw.replace(/^(['"])(.*)\1$/, '$2');
    (options as unknown as Record<string, unknown>)[key] = parsed;
  }
  return { body: newline < 0 ? '' : source.slice(newline + 1), options };
}

// A parsed file costs about 20 times its size; the cache keeps at most this much source text, so
// a run with many big templates holds the trees of the last few, not of all of them.
const FILE_CACHE_SOURCE_BYTES = 64 * 1024 * 1024;
let fileCacheBytes = 0;

export function parseFileTemplate(source: string, base: Partial<LexOptions> = {}): { nodes: TNode[]; options: LexOptions } {
  // A digest, not the text: the key of a 50 MB template would be another copy of it.
  const key = createHash('sha256').update(JSON.stringify(base)).update('\n').update(source).digest('hex');
  const cached = fileCache.get(key);
  if (cached) return cached;
  const { body, options } = templateOptions(source, base);
  const parsed = { nodes: parseTemplate(body, options), options, bytes: source.length };
  if (fileCacheBytes + parsed.bytes > FILE_CACHE_SOURCE_BYTES || fileCache.size >= CACHE_LIMIT) {
    fileCache.clear();
    fileCacheBytes = 0;
  }
  if (parsed.bytes <= FILE_CACHE_SOURCE_BYTES) {
    fileCache.set(key, parsed);
    fileCacheBytes += parsed.bytes;
  }
  return parsed;
}

/** include/import: next to the including template first, then the role's and playbook's templates/. */
export function fileLoader(base: Partial<LexOptions> = {}, maxBytes?: number): TemplateLoader {
  return {
    load(name, scope, fromPath) {
      const dirs = [...(fromPath ? [dirname(fromPath)] : []), ...searchPaths(scope, 'templates')];
      const path = isAbsolute(name) ? name : dirs.map((dir) => join(dir, name)).find((p) => existsSync(p));
      if (!path || !existsSync(path)) return undefined;
      checkTemplateSource(path, maxBytes);
      const parsed = parseFileTemplate(readFileSync(path, 'utf8'), base);
      return { path, nodes: parsed.nodes };
    },
  };
}

/** A template file's text rendered; maxBytes bounds the sources it includes and the output it builds. */
export function renderFileText(path: string, source: string, scope: Scope, base: Partial<LexOptions> = {}, maxBytes?: number): string {
  const { nodes } = parseFileTemplate(source, base);
  const loader = fileLoader(base, maxBytes);
  const renderOther = (other: string, s: Scope) => {
    checkTemplateSource(other, maxBytes);
    return renderFileText(other, readFileSync(other, 'utf8'), s, base, maxBytes);
  };
  return renderTemplateNodes(nodes, scope, loader, path, renderOther, maxBytes);
}

/** Ansible's read-back of text that looks like a list, dict or boolean (ast.literal_eval). */
function readBack(text: string): unknown {
  if (!(text.startsWith('[') || text.startsWith('{') || text === 'True' || text === 'False')) return text;
  const parsed = parseLiteral(text);
  return parsed.ok ? parsed.value : text;
}

// Ansible's STRING_TYPE_FILTERS: a value ending in one of these keeps the text it gives.
const STRING_RESULT = /\|\s*(?:string|to_json|to_nice_json|to_yaml|to_nice_yaml|ppretty|json)(?:\([^|]*\))?\s*\)?\s*\}\}\s*$/;

/** `x`, `x.a`, `x['a'][0]`: a value read out of a variable. */
function readsVariable(expr: ExprNode): boolean {
  let node = expr;
  while (node.kind === 'attribute' || node.kind === 'index') node = node.target;
  return node.kind === 'variable';
}

/**
 * Renders one YAML string value: exactly one `{{ expr }}` keeps its type, anything else is text.
 * What it gives is unsafe (never templated again) when it read an unsafe value, as in Ansible.
 */
export function renderValueText(text: string, scope: Scope, renderFile?: (path: string, s: Scope) => string): unknown {
  const { value, unsafe } = trackUnsafe(() => renderValueOnce(text, scope, renderFile));
  return unsafe ? markUnsafe(value) : value;
}

function renderValueOnce(text: string, scope: Scope, renderFile?: (path: string, s: Scope) => string): unknown {
  const nodes = parseValueTemplate(text);
  if (nodes.length === 1 && nodes[0].kind === 'output') {
    const node = nodes[0];
    let result: unknown;
    try {
      result = defined(evaluateNode(node.expr as ExprNode, { scope, renderFile }));
      // `{{ x }}` and `{{ x.a }}` keep the variable's value, unwalked; but a whole float read by
      // attribute or subscript prints as text, as Ansible's (only a bare name keeps its float)
      if (!readsVariable(node.expr) || (result instanceof PyFloat && node.expr.kind !== 'variable')) result = toNative(result, true);
    } catch (error) {
      if (error instanceof ExpressionError) throw new TemplateRenderError(error.message, node.line);
      throw error;
    }
    return typeof result === 'string' && !STRING_RESULT.test(text) ? readBack(result) : result;
  }
  const rendered = renderTemplateNodes(nodes, scope, fileLoader(), undefined, renderFile);
  return STRING_RESULT.test(text) ? rendered : readBack(rendered);
}

useTermRenderer(renderValueText);

export { TemplateSyntaxError, TemplateRenderError, pyStr };
