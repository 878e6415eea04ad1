// Renders a parsed Jinja template by walking its tree (nothing is compiled to JavaScript).
// Scopes are prototype chains: a for-loop body or macro call sees outer names, and its own
// `set` does not leak out (Jinja's rules); a namespace() object is the way to carry values out.
import { deepEqual, isPlainRecord, isTruthy, typeName } from './convert.ts';
import type { EvalContext, Scope } from './eval-context.ts';
import type { ExprNode } from './expression-ast.ts';
import { evaluateNode } from './expression-eval.ts';
import { Callable, ExpressionError, Undefined, defined, type Kw } from './expression-values.ts';
import type { Param, TNode } from './jinja-parser.ts';

type BlockNode = Extract<TNode, { kind: 'block' }>;
import { pyStr } from './python-text.ts';
import { limitText } from './size-limit.ts';

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
  /** block name -> definitions, most derived first (extends/block/super()) */
  blocks: Map<string, BlockNode[]>;
  /** the scope a template's top level runs in: what a block that is not `scoped` sees */
  templateScope: Scope;
  /** set by `{% extends %}`: the parent to render once this template's top level has run */
  state: { parent?: { path: string; nodes: TNode[] } };
  /** the most output one render may build (a template file's size limit); none for YAML values */
  maxOutput?: number;
}

/** Every piece of output being built is checked as it grows, so rendering stops at the limit. */
function bounded(out: string, frame: Frame, line: number): string {
  if (frame.maxOutput !== undefined && out.length > frame.maxOutput)
    throw new TemplateRenderError(`the rendered output passed ${limitText(frame.maxOutput)}`, line, frame.path);
  return out;
}

/** `{% break %}` / `{% continue %}` unwind to their loop. */
class LoopSignal {
  /** what the bodies it leaves had written before it */
  output = '';
  constructor(readonly kind: 'break' | 'continue') {}
}

const MAX_DEPTH = 50;

function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainRecord(value)) return Object.keys(value);
  throw new ExpressionError(`'${typeName(value)}' object is not iterable`);
}

interface LoopState {
  items: unknown[];
  depth: number;
  /** the last value `loop.changed()` saw, shared by the iterations of one loop */
  changed: { seen: boolean; last?: unknown };
  /** `loop(items)` of a recursive loop */
  recurse?: (items: unknown, depth: number) => string;
}

/** `loop`: attributes, `cycle`/`changed`, and callable for `loop(children)` in a recursive loop. */
function loopObject(state: LoopState, i: number): Callable {
  const { items, depth } = state;
  const length = items.length;
  const loop = new Callable('loop', (args) => {
    if (!state.recurse) throw new ExpressionError('loop() can only be called in a recursive for loop');
    return state.recurse(args[0], depth + 1);
  });
  Object.assign(loop, {
    index: i + 1,
    index0: i,
    revindex: length - i,
    revindex0: length - i - 1,
    first: i === 0,
    last: i === length - 1,
    length,
    depth,
    depth0: depth - 1,
    previtem: i > 0 ? items[i - 1] : new Undefined('loop.previtem'),
    nextitem: i < length - 1 ? items[i + 1] : new Undefined('loop.nextitem'),
    cycle: new Callable('loop.cycle', (args) => {
      if (!args.length) throw new ExpressionError('loop.cycle() needs at least one value');
      return args[i % args.length];
    }),
    changed: new Callable('loop.changed', (args) => {
      const value = args.length === 1 ? args[0] : args;
      if (state.changed.seen && deepEqual(state.changed.last, value)) return false;
      state.changed.seen = true;
      state.changed.last = value;
      return true;
    }),
  });
  return loop;
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

export function renderTemplateNodes(
  nodes: TNode[],
  scope: Scope,
  loader: TemplateLoader,
  path?: string,
  renderFile?: EvalContext['renderFile'],
  maxOutput?: number,
): string {
  return renderTemplate(nodes, scope, { loader, path, renderFile, depth: 0, root: scope, blocks: new Map(), state: {}, templateScope: scope, maxOutput });
}

/** Every `{% block %}` in a template, wherever it is nested, joins the chain for its name. */
function collectBlocks(nodes: TNode[], blocks: Map<string, BlockNode[]>): void {
  for (const node of nodes) {
    if (node.kind === 'block') {
      blocks.set(node.name, [...(blocks.get(node.name) ?? []), node]);
      collectBlocks(node.body, blocks);
    } else if (node.kind === 'if') node.branches.forEach((b) => collectBlocks(b.body, blocks));
    else if (node.kind === 'for') collectBlocks([...node.body, ...node.otherwise], blocks);
    else if (node.kind === 'with' || node.kind === 'filterblock') collectBlocks(node.body, blocks);
  }
}

/**
 * One whole template: its top level runs; once it has said `{% extends %}` its output is dropped
 * (its sets, macros and imports still run) and the parent renders with the blocks overridden.
 */
function renderTemplate(nodes: TNode[], scope: Scope, outer: Frame): string {
  const blocks = new Map<string, BlockNode[]>();
  let frame: Frame = { ...outer, blocks, state: {}, templateScope: scope };
  let current = nodes;
  let out = '';
  for (let level = 0; ; level++) {
    if (level >= MAX_DEPTH) throw new TemplateRenderError('templates extend each other too deeply (an extends cycle?)', 1, frame.path);
    collectBlocks(current, blocks);
    let line = 1; // text has no line of its own: the tag before it is the nearest
    for (const node of current) {
      if ('line' in node) line = node.line;
      if (!frame.state.parent) out = bounded(out + renderNode(node, scope, frame), frame, line);
      else if (node.kind !== 'block') renderNode(node, scope, frame);
    }
    const parent = frame.state.parent;
    if (!parent) return out;
    current = parent.nodes;
    frame = { ...frame, path: parent.path, state: {} };
  }
}

function renderBlock(name: string, level: number, scope: Scope, frame: Frame, line: number): string {
  const chain = frame.blocks.get(name) ?? [];
  if (level >= chain.length) throw new TemplateRenderError(`super(): block '${name}' has no parent block`, line, frame.path);
  if (chain[level].required) throw new TemplateRenderError(`Required block '${name}' not found`, line, frame.path);
  const inner = child(scope);
  assign(inner, ['super'], new Callable('super', () => renderBlock(name, level + 1, scope, frame, line)));
  return renderBody(chain[level].body, inner, frame);
}

function selfObject(frame: Frame, scope: Scope, line: number): Record<string, Callable> {
  const out: Record<string, Callable> = {};
  for (const name of frame.blocks.keys()) out[name] = new Callable(name, () => renderBlock(name, 0, scope, frame, line));
  return out;
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
  let line = 1;
  try {
    for (const node of nodes) {
      if ('line' in node) line = node.line;
      out = bounded(out + renderNode(node, scope, frame), frame, line);
    }
  } catch (signal) {
    if (signal instanceof LoopSignal) signal.output = out + signal.output;
    throw signal;
  }
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
  renderTemplate(nodes, moduleScope, frame);
  return Object.fromEntries(
    Object.keys(moduleScope)
      .filter((k) => Object.hasOwn(moduleScope, k))
      .map((k) => [k, moduleScope[k]]),
  );
}

function renderLoop(node: Extract<TNode, { kind: 'for' }>, iterable: unknown, depth: number, scope: Scope, frame: Frame): string {
  let items: unknown[];
  try {
    items = iterate(defined(iterable));
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
  const state: LoopState = { items, depth, changed: { seen: false } };
  if (node.recursive) state.recurse = (children, d) => renderLoop(node, children, d, scope, frame);
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const inner = child(scope);
    try {
      assign(inner, node.target, items[i]);
    } catch (error) {
      throw located(error, node.line, frame);
    }
    assign(inner, ['loop'], loopObject(state, i));
    try {
      out = bounded(out + renderBody(node.body, inner, frame), frame, node.line);
    } catch (signal) {
      if (!(signal instanceof LoopSignal)) throw signal;
      out = bounded(out + signal.output, frame, node.line);
      if (signal.kind === 'break') break;
    }
  }
  return out;
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
    case 'for':
      return renderLoop(node, value(node.iter, scope, frame, node.line), 1, scope, frame);
    case 'do':
      value(node.expr, scope, frame, node.line);
      return '';
    case 'break':
    case 'continue':
      throw new LoopSignal(node.kind);
    case 'extends': {
      if (!frame.state.parent) frame.state.parent = loadOther(node.template, scope, frame, node.line, false);
      return '';
    }
    case 'block': {
      // As Jinja2: only a `scoped` block sees the loop and local variables around it.
      const seen = node.scoped ? scope : child(frame.templateScope);
      assign(scope, ['self'], selfObject(frame, seen, node.line));
      if (seen !== scope) assign(seen, ['self'], selfObject(frame, seen, node.line));
      return renderBlock(node.name, 0, seen, frame, node.line);
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
      return renderTemplate(found.nodes, child(scope), { ...frame, path: found.path, depth: frame.depth + 1 });
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
