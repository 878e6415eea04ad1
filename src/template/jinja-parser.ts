// Builds the statement tree of a Jinja template from its lexed pieces. Expressions inside tags
// are parsed by the expression parser; every node remembers its line for error messages.
import type { ExprNode } from './expression-ast.ts';
import { ExpressionSyntaxError, tokenize, type Token } from './expression-lexer.ts';
import { parseTokens } from './expression-parser.ts';
import { FILTER_NAMES, TEST_NAMES } from './filters.ts';
import { lex, TemplateSyntaxError, type LexOptions, type Piece } from './jinja-lexer.ts';

export type Target = { kind: 'names'; names: string[] } | { kind: 'attr'; object: string; name: string };
export type Param = [string, ExprNode | undefined];

export type TNode =
  | { kind: 'text'; text: string }
  | { kind: 'output'; expr: ExprNode; line: number }
  | { kind: 'if'; branches: Array<{ test?: ExprNode; body: TNode[] }>; line: number }
  | { kind: 'for'; target: string[]; iter: ExprNode; test?: ExprNode; recursive: boolean; body: TNode[]; otherwise: TNode[]; line: number }
  | { kind: 'do'; expr: ExprNode; line: number }
  | { kind: 'break' | 'continue'; line: number }
  | { kind: 'extends'; template: ExprNode; line: number }
  | { kind: 'block'; name: string; body: TNode[]; line: number; scoped: boolean; required: boolean }
  | { kind: 'set'; target: Target; value?: ExprNode; body?: TNode[]; line: number }
  | { kind: 'macro'; name: string; params: Param[]; body: TNode[]; line: number }
  | { kind: 'callblock'; call: ExprNode; params: Param[]; body: TNode[]; line: number }
  | { kind: 'include'; template: ExprNode; ignoreMissing: boolean; withContext: boolean; line: number }
  | { kind: 'import'; template: ExprNode; alias?: string; names: Array<[string, string]>; withContext: boolean; line: number }
  | { kind: 'filterblock'; filter: ExprNode; body: TNode[]; line: number }
  | { kind: 'with'; assigns: Array<[string, ExprNode]>; body: TNode[]; line: number };

const NAMES = { filters: FILTER_NAMES, tests: TEST_NAMES };
const SUPPORTED = 'if, for, set, macro, call, include, import, from, filter, with, raw, extends, block, do, break, continue';

interface Tag {
  name: string;
  tokens: Token[];
  at: number; // index of the first token after the tag name
  line: number;
  col: number;
}

export function parseTemplate(source: string, opts?: LexOptions): TNode[] {
  const pieces: Piece[] = lex(source, opts);
  let index = 0;
  let loops = 0; // for-loop nesting, so break/continue outside a loop fail at load time

  const errorAt = (message: string, line: number, col: number): never => {
    throw new TemplateSyntaxError(message, line, col);
  };

  function tokensOf(piece: Extract<Piece, { type: 'var' | 'block' }>): Token[] {
    try {
      return tokenize(piece.content);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) return errorAt(error.message, piece.line, piece.col);
      throw error;
    }
  }

  function expr(tag: Tag, whole = true, condExpr = true): ExprNode {
    try {
      const parsed = parseTokens(tag.tokens, tag.at, NAMES, whole, condExpr);
      tag.at = parsed.end;
      return parsed.node;
    } catch (error) {
      if (error instanceof ExpressionSyntaxError)
        return errorAt(tag.name === 'expression' ? error.message : `${error.message} in '${tag.name}' tag`, tag.line, tag.col);
      throw error;
    }
  }

  const peek = (tag: Tag): Token => tag.tokens[tag.at];
  const word = (tag: Tag, text: string): boolean => peek(tag).kind === 'name' && peek(tag).text === text;
  const op = (tag: Tag, text: string): boolean => peek(tag).kind === 'op' && peek(tag).text === text;
  const name = (tag: Tag, what: string): string => {
    const token = peek(tag);
    if (token.kind !== 'name') errorAt(`expected ${what} in '${tag.name}' tag, found '${token.text}'`, tag.line, tag.col);
    tag.at++;
    return token.text;
  };
  const expectWord = (tag: Tag, text: string): void => {
    if (!word(tag, text)) errorAt(`expected '${text}' in '${tag.name}' tag, found '${peek(tag).text}'`, tag.line, tag.col);
    tag.at++;
  };
  const expectOp = (tag: Tag, text: string): void => {
    if (!op(tag, text)) errorAt(`expected '${text}' in '${tag.name}' tag, found '${peek(tag).text}'`, tag.line, tag.col);
    tag.at++;
  };
  const done = (tag: Tag): void => {
    if (peek(tag).kind !== 'end') errorAt(`unexpected '${peek(tag).text}' in '${tag.name}' tag`, tag.line, tag.col);
  };

  function names(tag: Tag): string[] {
    const out = [name(tag, 'a variable name')];
    while (op(tag, ',')) {
      tag.at++;
      out.push(name(tag, 'a variable name'));
    }
    return out;
  }

  function params(tag: Tag): Param[] {
    const out: Param[] = [];
    if (!op(tag, '(')) return out;
    tag.at++;
    while (!op(tag, ')')) {
      const param = name(tag, 'a parameter name');
      let fallback: ExprNode | undefined;
      if (op(tag, '=')) {
        tag.at++;
        fallback = expr(tag, false);
      }
      out.push([param, fallback]);
      if (!op(tag, ')')) expectOp(tag, ',');
    }
    tag.at++;
    return out;
  }

  function withContext(tag: Tag, fallback: boolean): boolean {
    if ((word(tag, 'with') || word(tag, 'without')) && tag.tokens[tag.at + 1]?.text === 'context') {
      const value = word(tag, 'with');
      tag.at += 2;
      return value;
    }
    return fallback;
  }

  /** Parses nodes until one of `ends` (a block tag name); returns the nodes and the ending tag. */
  function body(ends: string[], opener?: Tag): { nodes: TNode[]; end?: Tag } {
    const nodes: TNode[] = [];
    while (index < pieces.length) {
      const piece = pieces[index++];
      if (piece.type === 'text') {
        nodes.push({ kind: 'text', text: piece.text });
        continue;
      }
      const tokens = tokensOf(piece);
      if (piece.type === 'var') {
        const tag: Tag = { name: 'expression', tokens, at: 0, line: piece.line, col: piece.col };
        nodes.push({ kind: 'output', expr: expr(tag), line: piece.line });
        continue;
      }
      const first = tokens[0];
      if (first.kind !== 'name') errorAt('a block tag needs a name', piece.line, piece.col);
      const tag: Tag = { name: first.text, tokens, at: 1, line: piece.line, col: piece.col };
      if (ends.includes(tag.name)) return { nodes, end: tag };
      nodes.push(statement(tag));
    }
    if (opener) errorAt(`'${opener.name}' tag is not closed: expected ${ends.map((e) => `'{% ${e} %}'`).join(' or ')}`, opener.line, opener.col);
    return { nodes };
  }

  function statement(tag: Tag): TNode {
    const line = tag.line;
    switch (tag.name) {
      case 'if': {
        const branches: Array<{ test?: ExprNode; body: TNode[] }> = [];
        let test: ExprNode | undefined = expr(tag);
        for (;;) {
          const part = body(['elif', 'else', 'endif'], tag);
          branches.push({ test, body: part.nodes });
          const end = part.end as Tag;
          if (end.name === 'endif') return { kind: 'if', branches, line };
          test = end.name === 'elif' ? expr(end) : undefined;
          if (end.name === 'else') {
            const last = body(['endif'], tag);
            branches.push({ body: last.nodes });
            return { kind: 'if', branches, line };
          }
        }
      }
      case 'for': {
        const target = names(tag);
        expectWord(tag, 'in');
        const iter = expr(tag, false, false);
        let test: ExprNode | undefined;
        if (word(tag, 'if')) {
          tag.at++;
          test = expr(tag, false);
        }
        const recursive = word(tag, 'recursive');
        if (recursive) tag.at++;
        done(tag);
        loops++;
        const main = body(['else', 'endfor'], tag);
        loops--;
        const otherwise = main.end?.name === 'else' ? body(['endfor'], tag).nodes : [];
        return { kind: 'for', target, iter, test, recursive, body: main.nodes, otherwise, line };
      }
      case 'do':
        return { kind: 'do', expr: expr(tag), line };
      case 'break':
      case 'continue':
        done(tag);
        if (!loops) errorAt(`'${tag.name}' is only allowed inside a for loop`, tag.line, tag.col);
        return { kind: tag.name, line };
      case 'extends':
        return { kind: 'extends', template: expr(tag), line };
      case 'block': {
        const blockName = name(tag, 'a block name');
        let scoped = false;
        let required = false;
        for (;;) {
          if (word(tag, 'scoped')) scoped = true;
          else if (word(tag, 'required')) required = true;
          else break;
          tag.at++;
        }
        done(tag);
        const saved = loops;
        loops = 0;
        const inner = body(['endblock'], tag);
        loops = saved;
        const end = inner.end as Tag;
        if (peek(end).kind === 'name' && peek(end).text !== blockName)
          errorAt(`'endblock' names '${peek(end).text}', but the open block is '${blockName}'`, end.line, end.col);
        if (required && inner.nodes.some((n) => n.kind !== 'text' || n.text.trim() !== ''))
          errorAt('Required blocks can only contain comments or whitespace', line, tag.col);
        return { kind: 'block', name: blockName, body: inner.nodes, line, scoped, required };
      }
      case 'set': {
        const first = name(tag, 'a variable name');
        let target: Target = { kind: 'names', names: [first] };
        if (op(tag, '.')) {
          tag.at++;
          target = { kind: 'attr', object: first, name: name(tag, 'an attribute name') };
        } else if (op(tag, ',')) {
          tag.at++;
          target = { kind: 'names', names: [first, ...names(tag)] };
        }
        if (op(tag, '=')) {
          tag.at++;
          return { kind: 'set', target, value: expr(tag), line };
        }
        done(tag);
        return { kind: 'set', target, body: body(['endset'], tag).nodes, line };
      }
      case 'macro': {
        const macroName = name(tag, 'a macro name');
        const macroParams = params(tag);
        done(tag);
        const saved = loops;
        loops = 0;
        const macroBody = body(['endmacro'], tag).nodes;
        loops = saved;
        return { kind: 'macro', name: macroName, params: macroParams, body: macroBody, line };
      }
      case 'call': {
        const callerParams = params(tag);
        const call = expr(tag);
        if (call.kind !== 'call') errorAt("'call' tag needs a macro call", tag.line, tag.col);
        return { kind: 'callblock', call, params: callerParams, body: body(['endcall'], tag).nodes, line };
      }
      case 'include': {
        const template = expr(tag, false);
        let ignoreMissing = false;
        if (word(tag, 'ignore') && tag.tokens[tag.at + 1]?.text === 'missing') {
          ignoreMissing = true;
          tag.at += 2;
        }
        const context = withContext(tag, true);
        done(tag);
        return { kind: 'include', template, ignoreMissing, withContext: context, line };
      }
      case 'import': {
        const template = expr(tag, false);
        expectWord(tag, 'as');
        const alias = name(tag, 'a name after as');
        const context = withContext(tag, false);
        done(tag);
        return { kind: 'import', template, alias, names: [], withContext: context, line };
      }
      case 'from': {
        const template = expr(tag, false);
        expectWord(tag, 'import');
        const imported: Array<[string, string]> = [];
        do {
          if (op(tag, ',')) tag.at++;
          if (word(tag, 'with') || word(tag, 'without')) break;
          const source = name(tag, 'a name to import');
          let alias = source;
          if (word(tag, 'as')) {
            tag.at++;
            alias = name(tag, 'a name after as');
          }
          imported.push([source, alias]);
        } while (op(tag, ','));
        const context = withContext(tag, false);
        done(tag);
        return { kind: 'import', template, names: imported, withContext: context, line };
      }
      case 'filter': {
        const filterTag: Tag = {
          ...tag,
          tokens: [{ kind: 'name', text: '__body__', pos: 0 }, { kind: 'op', text: '|', pos: 0 }, ...tag.tokens.slice(1)],
          at: 0,
        };
        const filter = expr(filterTag);
        return { kind: 'filterblock', filter, body: body(['endfilter'], tag).nodes, line };
      }
      case 'with': {
        const assigns: Array<[string, ExprNode]> = [];
        while (peek(tag).kind === 'name') {
          const variable = name(tag, 'a variable name');
          expectOp(tag, '=');
          assigns.push([variable, expr(tag, false)]);
          if (op(tag, ',')) tag.at++;
        }
        done(tag);
        return { kind: 'with', assigns, body: body(['endwith'], tag).nodes, line };
      }
      default:
        if (/^end|^(elif|else)$/.test(tag.name)) return errorAt(`unexpected '{% ${tag.name} %}'`, tag.line, tag.col);
        return errorAt(`warren does not support the '${tag.name}' tag (supported: ${SUPPORTED})`, tag.line, tag.col);
    }
  }

  return body([]).nodes;
}
