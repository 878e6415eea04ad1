// The Handlebars environment: a private instance with strict lookups, no HTML escaping, the
// project's helpers and a compile cache keyed by template text.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { TemplateError } from '../core/errors.ts';
import { registerHelpers } from './helpers/index.ts';
import { readKey, splitPath } from './lookup.ts';
import { captureSingle, isSingleMustache, makeStrict, type RewriteContext } from './strict-ast.ts';
import { toTemplateError, type TemplateOrigin } from './template-errors.ts';
import { isPlainRecord } from './convert.ts';

export interface TemplateEngine {
  /** Renders one string; a string that is exactly one `{{ ... }}` gives its native value. */
  renderString(text: string, vars: Vars, where?: SourceLocation): unknown;
  /** Renders every string (and templated key) inside lists and dicts. */
  renderValue<T>(value: T, vars: Vars, where?: SourceLocation): T;
  /** Renders a template file from the controller; always text. */
  renderFile(path: string, vars: Vars): string;
}

type Compiled = { render: (vars: Vars) => unknown };

const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;
const CACHE_LIMIT = 5000;
// `{{ a }}`, `{{ a.b }}`, `{{ a.[0] }}`, `{{ groups.[web-1] }}`: resolved without Handlebars.
const SINGLE_PATH = /^\{\{\s*([A-Za-z_][\w-]*(?:\.(?:[A-Za-z_][\w-]*|\[[^\]]+\]))*)\s*\}\}$/;

function remember(cache: Map<string, Compiled>, key: string, compiled: Compiled): Compiled {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

export function createTemplateEngine(): TemplateEngine {
  const hb = Handlebars.create();
  // Handlebars' own `log` helper would silently shadow a variable called `log` (it prints nothing).
  hb.unregisterHelper('log');
  registerHelpers(hb);
  const ctx: RewriteContext = { isHelper: (name) => Object.hasOwn(hb.helpers, name) };
  const inlineCache = new Map<string, Compiled>();
  const documentCache = new Map<string, Compiled>();

  function compileInline(text: string): Compiled {
    const program = hb.parse(text);
    if (!isSingleMustache(program)) {
      const fn = hb.compile(makeStrict(program, ctx), COMPILE_OPTIONS);
      return { render: (vars) => fn(vars) };
    }
    const fn = hb.compile(captureSingle(program, ctx), COMPILE_OPTIONS);
    return {
      render: (vars) => {
        const capture: { value?: unknown } = {};
        fn(vars, { data: { capture } });
        return capture.value;
      },
    };
  }

  function compileDocument(text: string): Compiled {
    const fn = hb.compile(makeStrict(hb.parse(text), ctx), COMPILE_OPTIONS);
    return { render: (vars) => fn(vars) };
  }

  function nativePath(path: string, vars: Vars, where?: SourceLocation): unknown {
    const segments = splitPath(path);
    let value: unknown = vars;
    for (let i = 0; i < segments.length; i++) {
      const read = readKey(value, segments[i]);
      if (!read.found) throw new TemplateError(`'${segments.slice(0, i + 1).join('.')}' is not defined`, where);
      value = read.value;
    }
    return value;
  }

  function renderString(text: string, vars: Vars, where?: SourceLocation): unknown {
    if (!text.includes('{{')) return text;
    const single = SINGLE_PATH.exec(text);
    if (single && !ctx.isHelper(splitPath(single[1])[0])) return nativePath(single[1], vars, where);
    const origin: TemplateOrigin = { kind: 'value', where };
    try {
      const compiled = inlineCache.get(text) ?? remember(inlineCache, text, compileInline(text));
      return compiled.render(vars);
    } catch (error) {
      throw toTemplateError(error, text, origin);
    }
  }

  function renderValue<T>(value: T, vars: Vars, where?: SourceLocation): T {
    if (typeof value === 'string') return renderString(value, vars, where) as T;
    if (Array.isArray(value)) return value.map((item) => renderValue(item, vars, where)) as T;
    if (!isPlainRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const renderedKey = key.includes('{{') ? String(renderString(key, vars, where)) : key;
      out[renderedKey] = renderValue(item, vars, where);
    }
    return out as T;
  }

  function renderFile(path: string, vars: Vars): string {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new TemplateError(`cannot read template: ${(error as Error).message}`, { file: path, line: 1, col: 1 });
    }
    try {
      const compiled = documentCache.get(text) ?? remember(documentCache, text, compileDocument(text));
      return String(compiled.render(vars));
    } catch (error) {
      throw toTemplateError(error, text, { kind: 'file', file: path });
    }
  }

  return { renderString, renderValue, renderFile };
}
