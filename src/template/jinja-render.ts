// Renders a parsed Jinja template by walking its tree (nothing is compiled to JavaScript).
// Scopes are prototype chains: a for-loop body or macro call sees outer names, and its own
// `set` does not leak out (Jinja's rules); a namespace() object is the way to carry values out.
import { isPlainRecord, isTruthy, typeName } from './convert.ts';
import type { EvalContext, Scope } from './eval-context.ts';
import type { ExprNode } from './expression-ast.ts';
import { evaluateNode } from './expression-eval.ts';
import { Callable, ExpressionError, defined, type Kw } from './expression-values.ts';
import type { Param, TNode } from './jinja-parser.ts';
import { pyStr } from './python-text.ts';

/** Finds and parses another template for include/import, relative to the current one. */
export interface TemplateLoader {
  load(name: string, scope: Scope, fromPath?: string): { path: string; nodes: TNode[] } | undefined;
}

export class TemplateRenderError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

interface Frame {
  loader: TemplateLoader;
  path?: string;
  renderFile?: EvalContext['renderFile'];
  depth: number;
  /** the template's own variables: what an import without context sees */
  root: Scope;
}

const MAX_DEPTH = 50;

function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainRecord(value)) return Object.keys(value);
  throw new ExpressionError(`'${typeName(value)}' object is not iterable`);
}

function loopObject(items: unknown[], i: number): Record<string, unknown> {
  const length = items.length;
  return {
    index: i + 1,
    index0: i,
    revindex: length - i,
    revindex0: length - i - 1,
    first: i === 0,
    last: i === length - 1,
    length,
    depth: 1,
    depth0: 0,
    previtem: i > 0 ? items[i - 1] : undefined,
    nextitem: i < length - 1 ? items[i + 1] : undefined,
    cycle: new Callable('loop.cycle', (args) => args[i % args.length]),
  };
}

function child(scope: Scope): Scope {
  return Object.create(scope) as Scope;
}

function assign(scope: Scope, names: string[], value: unknown): void {
  if (names.length === 1) {
    Object.defineProperty(scope, names[0], { value, enumerable: true, configurable: true, writable: true });
    return;
  }
  const parts = iterate(value);
  if (parts.length !== names.length) throw new ExpressionError(`cannot unpack ${parts.length} values into ${names.length} names`);
  names.forEach((n, k) => assign(scope, [n], parts[k]));
}

export function renderTemplateNodes(nodes: TNode[], scope: Scope, loader: TemplateLoader, path?: string, renderFile?: EvalContext['renderFile']): string {
  return renderBody(nodes, scope, { loader, path, renderFile, depth: 0, root: scope });
}

function evaluate(expr: ExprNode, scope: Scope, frame: Frame, line: number): unknown {
  try {
    return evaluateNode(expr, { scope, renderFile: frame.renderFile });
  } catch (error) {
    throw located(error, line, frame);
  }
}

function located(error: unknown, line: number, frame: Frame): unknown {
  if (error instanceof TemplateRenderError) return error;
  if (error instanceof ExpressionError) return new TemplateRenderError(error.message, line, frame.path);
  return error;
}

function value(expr: ExprNode, scope: Scope, frame: Frame, line: number): unknown {
  const result = evaluate(expr, scope, frame, line);
  try {
    return defined(result);
  } catch (error) {
    throw located(error, line, frame);
  }
}

function renderBody(nodes: TNode[], scope: Scope, frame: Frame): string {
  let out = '';
  for (const node of nodes) out += renderNode(node, scope, frame);
  return out;
}

function makeMacro(name: string, params: Param[], body: TNode[], defScope: Scope, frame: Frame, line: number, caller?: Callable): Callable {
  return new Callable(name, (args, kwargs) => {
    const scope = child(defScope);
    const extra: Kw = { ...kwargs };
    params.forEach(([param, fallback], i) => {
      let given: unknown;
      if (i < args.length) given = args[i];
      else if (Object.hasOwn(extra, param)) given = extra[param];
      else if (fallback) given = value(fallback, scope, frame, line);
      else throw new TemplateRenderError(`macro '${name}' was called without its argument '${param}'`, line, frame.path);
      delete extra[param];
      assign(scope, [param], given);
    });
    assign(scope, ['varargs'], args.slice(params.length));
    assign(scope, ['kwargs'], extra);
    const given = extra.caller instanceof Callable ? extra.caller : caller;
    delete extra.caller;
    if (given) assign(scope, ['caller'], given);
    return renderBody(body, scope, frame);
  });
}

function loadOther(nameExpr: ExprNode, scope: Scope, frame: Frame, line: number, ignoreMissing: boolean): { path: string; nodes: TNode[] } | undefined {
  if (frame.depth >= MAX_DEPTH) throw new TemplateRenderError('templates include each other too deeply (recursive include?)', line, frame.path);
  const names = value(nameExpr, scope, frame, line);
  for (const candidate of Array.isArray(names) ? names : [names]) {
    const found = frame.loader.load(pyStr(candidate), scope, frame.path);
    if (found) return found;
  }
  if (ignoreMissing) return undefined;
  throw new TemplateRenderError(`template not found: ${pyStr(names)}`, line, frame.path);
}

/** Runs a template for import: its top-level macros and `set` names become a module object. */
function importModule(nodes: TNode[], scope: Scope, frame: Frame): Record<string, unknown> {
  const moduleScope = child(scope);
  renderBody(nodes, moduleScope, frame);
  return Object.fromEntries(
    Object.keys(moduleScope)
      .filter((k) => Object.hasOwn(moduleScope, k))
      .map((k) => [k, moduleScope[k]]),
  );
}

function renderNode(node: TNode, scope: Scope, frame: Frame): string {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'output':
      return pyStr(value(node.expr, scope, frame, node.line));
    case 'if': {
      for (const branch of node.branches) {
        if (!branch.test || isTruthy(value(branch.test, scope, frame, node.line))) return renderBody(branch.body, child(scope), frame);
      }
      return '';
    }
    case 'for': {
      let items: unknown[];
      try {
        items = iterate(value(node.iter, scope, frame, node.line));
      } catch (error) {
        throw located(error, node.line, frame);
      }
      if (node.test) {
        items = items.filter((item) => {
          const probe = child(scope);
          assign(probe, node.target, item);
          return isTruthy(value(node.test as ExprNode, probe, frame, node.line));
        });
      }
      if (!items.length) return renderBody(node.otherwise, child(scope), frame);
      let out = '';
      items.forEach((item, i) => {
        const inner = child(scope);
        try {
          assign(inner, node.target, item);
        } catch (error) {
          throw located(error, node.line, frame);
        }
        assign(inner, ['loop'], loopObject(items, i));
        out += renderBody(node.body, inner, frame);
      });
      return out;
    }
    case 'set': {
      const result = node.value ? value(node.value, scope, frame, node.line) : renderBody(node.body ?? [], child(scope), frame);
      if (node.target.kind === 'attr') {
        const owner = scope[node.target.object];
        if (!isPlainRecord(owner))
          throw new TemplateRenderError(`cannot set '${node.target.name}' on '${node.target.object}': it is not a namespace`, node.line, frame.path);
        owner[node.target.name] = result;
      } else {
        try {
          assign(scope, node.target.names, result);
        } catch (error) {
          throw located(error, node.line, frame);
        }
      }
      return '';
    }
    case 'macro':
      assign(scope, [node.name], makeMacro(node.name, node.params, node.body, scope, frame, node.line));
      return '';
    case 'callblock': {
      const caller = makeMacro('caller', node.params, node.body, scope, frame, node.line);
      const inner = child(scope);
      assign(inner, ['__caller__'], caller);
      const call = node.call as Extract<ExprNode, { kind: 'call' }>;
      const withCaller: ExprNode = { ...call, kwargs: [...call.kwargs, ['caller', { kind: 'variable', name: '__caller__' }]] };
      return pyStr(value(withCaller, inner, frame, node.line));
    }
    case 'include': {
      const found = loadOther(node.template, scope, frame, node.line, node.ignoreMissing);
      if (!found) return '';
      return renderBody(found.nodes, child(scope), { ...frame, path: found.path, depth: frame.depth + 1 });
    }
    case 'import': {
      const found = loadOther(node.template, scope, frame, node.line, false) as { path: string; nodes: TNode[] };
      const base = node.withContext ? scope : frame.root;
      const module = importModule(found.nodes, base, { ...frame, path: found.path, depth: frame.depth + 1 });
      if (node.alias) assign(scope, [node.alias], module);
      for (const [source, alias] of node.names) {
        if (!Object.hasOwn(module, source)) throw new TemplateRenderError(`the template ${found.path} does not export '${source}'`, node.line, frame.path);
        assign(scope, [alias], module[source]);
      }
      return '';
    }
    case 'filterblock': {
      const inner = child(scope);
      assign(inner, ['__body__'], renderBody(node.body, child(scope), frame));
      return pyStr(value(node.filter, inner, frame, node.line));
    }
    case 'with': {
      const inner = child(scope);
      for (const [name, expr] of node.assigns) assign(inner, [name], value(expr, scope, frame, node.line));
      return renderBody(node.body, inner, frame);
    }
  }
}
