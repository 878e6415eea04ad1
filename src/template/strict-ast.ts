// An AST pass that makes Handlebars' strict mode cover what Ansible users expect:
// - helper and block params are strict too (`{{#if x}}` on an undefined x is an error),
//   except the first param of default/mandatory/is_defined;
// - dotted paths (`a.b.c`) become a walker helper call, so a missing `a.b` is reported by name
//   instead of a TypeError, and stays lenient under `default`;
// - a template that is one mustache is wrapped in __capture so its native value comes back.
import { LENIENT_FIRST_ARG } from './helpers/index.ts';

// Handlebars AST nodes are loosely typed; the pass only touches documented fields.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Node = any;

export interface RewriteContext {
  isHelper: (name: string) => boolean;
}

function literal(value: string, loc: unknown): Node {
  return { type: 'StringLiteral', value, original: value, loc };
}

function helperPath(name: string, loc: unknown): Node {
  return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
}

function pathWalker(path: Node, lenient: boolean): Node {
  const scopedPrefix = /^(\.\/|this\.)/.exec(path.original)?.[0] ?? '';
  const head = {
    ...path,
    parts: [path.parts[0]],
    original: `${path.data ? '@' : ''}${'../'.repeat(path.depth)}${scopedPrefix}${path.parts[0]}`,
    strict: !lenient,
  };
  return {
    path: helperPath(lenient ? '__lenient_path' : '__strict_path', path.loc),
    params: [head, ...path.parts.slice(1).map((part: string) => literal(part, path.loc))],
    hash: { type: 'Hash', pairs: [{ type: 'HashPair', key: 'name', value: literal(path.parts.join('.'), path.loc), loc: path.loc }], loc: path.loc },
  };
}

function rewriteParam(param: Node, lenient: boolean): Node {
  if (param.type === 'SubExpression') {
    rewriteCall(param);
    return param;
  }
  if (param.type !== 'PathExpression' || param.parts.length === 0) return param;
  if (param.parts.length === 1) {
    if (!lenient) param.strict = true;
    return param;
  }
  return { type: 'SubExpression', ...pathWalker(param, lenient), loc: param.loc };
}

function rewriteCall(node: Node): void {
  const helperName = node.path.type === 'PathExpression' ? node.path.original : '';
  node.params = node.params.map((param: Node, i: number) => rewriteParam(param, i === 0 && LENIENT_FIRST_ARG.has(helperName)));
  for (const pair of node.hash?.pairs ?? []) pair.value = rewriteParam(pair.value, false);
}

function isBareVariable(node: Node, ctx: RewriteContext): boolean {
  if (node.params.length > 0 || node.hash || node.path.type !== 'PathExpression') return false;
  return !(node.path.parts.length === 1 && !node.path.data && ctx.isHelper(node.path.parts[0]));
}

/** The value a mustache stands for, as a param expression (a path or a helper sub-expression). */
function mustacheValue(node: Node, ctx: RewriteContext): Node {
  if (isBareVariable(node, ctx)) return rewriteParam(node.path, false);
  rewriteCall(node);
  return { type: 'SubExpression', path: node.path, params: node.params, hash: node.hash, loc: node.loc };
}

/** `{{ x }}` becomes `{{__wrapper x}}`; literal mustaches (`{{"s"}}`) stay as they are. */
function wrapMustache(node: Node, wrapper: string, ctx: RewriteContext): Node {
  if (node.path.type !== 'PathExpression') return node;
  return { ...node, path: helperPath(wrapper, node.loc), params: [mustacheValue(node, ctx)], hash: undefined };
}

function rewriteProgram(program: Node | undefined, ctx: RewriteContext): void {
  for (const statement of program?.body ?? []) {
    // Every output goes through __text: with noEscape, Handlebars would otherwise add two
    // adjacent numeric outputs (`{{@index}}{{@first}}`) instead of concatenating them.
    if (statement.type === 'MustacheStatement') Object.assign(statement, wrapMustache({ ...statement }, '__text', ctx));
    if (statement.type === 'BlockStatement') {
      rewriteCall(statement);
      rewriteProgram(statement.program, ctx);
      rewriteProgram(statement.inverse, ctx);
    }
  }
}

export function makeStrict(program: Node, ctx: RewriteContext): Node {
  rewriteProgram(program, ctx);
  return program;
}

/** True when the whole template is a single `{{ ... }}`. */
export function isSingleMustache(program: Node): boolean {
  return program.body.length === 1 && program.body[0].type === 'MustacheStatement';
}

/** Wraps the single mustache in `__capture` so the render hands back its native value. */
export function captureSingle(program: Node, ctx: RewriteContext): Node {
  program.body[0] = wrapMustache(program.body[0], '__capture', ctx);
  return program;
}
