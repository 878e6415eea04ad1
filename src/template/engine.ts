// The template engine the runner uses: Jinja (Ansible's semantics) for every YAML value and
// for template files, Handlebars only for `.hbs` files (warren's own roles' config templates).
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { TemplateError } from '../core/errors.ts';
import { registerHelpers } from './helpers/index.ts';
import { makeStrict, type RewriteContext } from './strict-ast.ts';
import { toTemplateError } from './template-errors.ts';
import { renderErrorText } from './recursion.ts';
import { isPlainRecord } from './convert.ts';
import { isUnsafe } from '../core/unsafe.ts';
import { isTemplated, renderFileText, renderValueText, TemplateRenderError, TemplateSyntaxError } from './jinja.ts';
import type { LexOptions } from './jinja-lexer.ts';
import { checkTemplateSource, limitText } from './size-limit.ts';

export interface TemplateFileOptions {
  trim_blocks?: boolean;
  lstrip_blocks?: boolean;
  block_start_string?: string;
  block_end_string?: string;
  variable_start_string?: string;
  variable_end_string?: string;
  comment_start_string?: string;
  comment_end_string?: string;
}

export interface TemplateEngine {
  /** Renders one string; a string that is exactly one `{{ ... }}` gives its native value. */
  renderString(text: string, vars: Vars, where?: SourceLocation): unknown;
  /** Renders every string (and templated key) inside lists and dicts. */
  renderValue<T>(value: T, vars: Vars, where?: SourceLocation): T;
  /** Renders a template file from the controller (`.hbs`: Handlebars, else Jinja); always text. */
  renderFile(path: string, vars: Vars, options?: TemplateFileOptions): string;
  /** the template file size limit it renders with (src/template/size-limit.ts) */
  readonly maxFileBytes?: number;
}

type Compiled = { render: (vars: Vars) => unknown };
const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

function lexOptions(options: TemplateFileOptions = {}): Partial<LexOptions> {
  const out: Partial<LexOptions> = {};
  if (options.trim_blocks !== undefined) out.trimBlocks = options.trim_blocks;
  if (options.lstrip_blocks !== undefined) out.lstripBlocks = options.lstrip_blocks;
  if (options.block_start_string) out.blockStart = options.block_start_string;
  if (options.block_end_string) out.blockEnd = options.block_end_string;
  if (options.variable_start_string) out.varStart = options.variable_start_string;
  if (options.variable_end_string) out.varEnd = options.variable_end_string;
  if (options.comment_start_string) out.commentStart = options.comment_start_string;
  if (options.comment_end_string) out.commentEnd = options.comment_end_string;
  return out;
}

/** Where in a multi-line value the problem is, as text to append to the message. */
function valueError(error: unknown, text: string, where?: SourceLocation): TemplateError {
  const raw = renderErrorText(error);
  const line = error instanceof TemplateSyntaxError || error instanceof TemplateRenderError ? error.line : undefined;
  const inText = line !== undefined && text.includes('\n') ? ` (template line ${line})` : '';
  const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  const kind = error instanceof TemplateSyntaxError ? 'template syntax error: ' : '';
  return new TemplateError(`${kind}${raw}${inText} in: ${snippet.trim()}`, where);
}

function fileError(error: unknown, path: string): TemplateError {
  const raw = error instanceof Error ? error.message : String(error);
  if (error instanceof TemplateSyntaxError) return new TemplateError(`template syntax error: ${raw}`, { file: path, line: error.line, col: error.col });
  if (error instanceof TemplateRenderError) return new TemplateError(raw, { file: error.path ?? path, line: error.line, col: 1 });
  return new TemplateError(raw, { file: path, line: 1, col: 1 });
}

/** A private Handlebars instance with warren's helpers. */
function handlebarsWithHelpers(): { hb: typeof Handlebars; ctx: RewriteContext } {
  const hb = Handlebars.create();
  // Handlebars' own `log` helper would silently shadow a variable called `log` (it prints nothing).
  hb.unregisterHelper('log');
  registerHelpers(hb);
  return { hb, ctx: { isHelper: (name) => Object.hasOwn(hb.helpers, name) } };
}

export interface TemplateLimits {
  /** the most bytes a template file's source, and the characters its output, may have (src/template/size-limit.ts) */
  maxFileBytes?: number;
}

export function createTemplateEngine(limits: TemplateLimits = {}): TemplateEngine {
  const { maxFileBytes } = limits;
  // Made on the first `.hbs` file: most runs and every --syntax-check need no Handlebars
  // (the bundle loads the library itself only then: scripts/build.mjs).
  let handlebars: ReturnType<typeof handlebarsWithHelpers> | undefined;
  const documentCache = new Map<string, Compiled>();

  function renderHandlebars(path: string, text: string, vars: Vars): string {
    try {
      let compiled = documentCache.get(text);
      if (!compiled) {
        handlebars ??= handlebarsWithHelpers();
        const { hb, ctx } = handlebars;
        const fn = hb.compile(makeStrict(hb.parse(text), ctx), COMPILE_OPTIONS);
        compiled = { render: (v) => fn(v) };
        if (documentCache.size >= 500) documentCache.clear();
        documentCache.set(text, compiled);
      }
      const out = String(compiled.render(vars));
      if (maxFileBytes !== undefined && out.length > maxFileBytes)
        throw new TemplateError(`the rendered output passed ${limitText(maxFileBytes)}`, { file: path, line: 1, col: 1 });
      return out;
    } catch (error) {
      throw toTemplateError(error, text, { kind: 'file', file: path });
    }
  }

  function renderJinjaFile(path: string, vars: Vars, options?: TemplateFileOptions): string {
    checkTemplateSource(path, maxFileBytes);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new TemplateError(`cannot read template: ${(error as Error).message}`, { file: path, line: 1, col: 1 });
    }
    try {
      return renderFileText(path, text, vars, lexOptions(options), maxFileBytes);
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      throw fileError(error, path);
    }
  }

  const lookupRender = (path: string, scope: Vars): string => renderJinjaFile(path, scope);

  function renderString(text: string, vars: Vars, where?: SourceLocation): unknown {
    if (!isTemplated(text)) return text;
    try {
      return renderValueText(text, vars, lookupRender);
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      throw valueError(error, text, where);
    }
  }

  function renderValue<T>(value: T, vars: Vars, where?: SourceLocation): T {
    if (isUnsafe(value)) return value; // data, never a template (src/core/unsafe.ts)
    if (typeof value === 'string') return renderString(value, vars, where) as T;
    if (Array.isArray(value)) return value.map((item) => renderValue(item, vars, where)) as T;
    if (!isPlainRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const renderedKey = isTemplated(key) ? String(renderString(key, vars, where)) : key;
      out[renderedKey] = renderValue(item, vars, where);
    }
    return out as T;
  }

  function renderFile(path: string, vars: Vars, options?: TemplateFileOptions): string {
    if (path.endsWith('.hbs')) {
      checkTemplateSource(path, maxFileBytes);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new TemplateError(`cannot read template: ${(error as Error).message}`, { file: path, line: 1, col: 1 });
      }
      return renderHandlebars(path, text, vars);
    }
    return renderJinjaFile(path, vars, options);
  }

  return { renderString, renderValue, renderFile, maxFileBytes };
}
