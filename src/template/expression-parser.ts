// Recursive-descent parser for Jinja expressions. Precedence, lowest first (as Jinja):
// `x if c else y` < or < and < not < comparisons/in < ~ < + - < * / // % < unary - < ** <
// postfix (. [] () | filter, is test).
import { float } from './python-numbers.ts';
import { ExpressionSyntaxError, tokenize, type Token } from './expression-lexer.ts';
import type { ExprNode, Kwargs } from './expression-ast.ts';

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const CONSTANTS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null };

export interface ParseNames {
  filters: ReadonlySet<string>;
  tests: ReadonlySet<string>;
}

export interface ParsedPrefix {
  node: ExprNode;
  /** index of the first token not consumed */
  end: number;
}

/** Parses a whole expression; anything left over is an error. */
export function parseExpression(source: string, names: ParseNames): ExprNode {
  return parseTokens(tokenize(source), 0, names, true).node;
}

/** Parses one expression from `tokens[start]`, stopping at the first token that cannot continue it. */
export function parseTokens(tokens: Token[], start: number, names: ParseNames, whole: boolean, condExpr = true): ParsedPrefix {
  let at = start;

  const peek = (offset = 0): Token => tokens[Math.min(at + offset, tokens.length - 1)];
  const isOp = (text: string): boolean => peek().kind === 'op' && peek().text === text;
  const isWord = (text: string): boolean => peek().kind === 'name' && peek().text === text;
  const fail = (message: string, token = peek()): never => {
    throw new ExpressionSyntaxError(message, token.pos);
  };
  const expectOp = (text: string): void => {
    if (!isOp(text)) fail(`expected '${text}' but found '${peek().text}'`);
    at++;
  };
  const expectName = (what: string): Token => {
    if (peek().kind !== 'name') fail(`expected ${what} but found '${peek().text}'`);
    return tokens[at++];
  };

  function parseConditional(): ExprNode {
    const then = parseOr();
    if (!isWord('if')) return then;
    at++;
    const test = parseOr();
    if (!isWord('else')) return { kind: 'cond', test, then };
    at++;
    return { kind: 'cond', test, then, otherwise: parseConditional() };
  }

  function parseOr(): ExprNode {
    let left = parseAnd();
    while (isWord('or')) {
      at++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  function parseAnd(): ExprNode {
    let left = parseNot();
    while (isWord('and')) {
      at++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  }

  function parseNot(): ExprNode {
    if (isWord('not')) {
      at++;
      return { kind: 'not', operand: parseNot() };
    }
    return parseComparison();
  }

  function parseComparison(): ExprNode {
    let left = parseConcat();
    for (;;) {
      const token = peek();
      if (token.kind === 'op' && COMPARISONS.has(token.text)) {
        at++;
        left = { kind: 'binary', op: token.text, left, right: parseConcat() };
      } else if (isWord('in')) {
        at++;
        left = { kind: 'binary', op: 'in', left, right: parseConcat() };
      } else if (isWord('not') && peek(1).kind === 'name' && peek(1).text === 'in') {
        at += 2;
        left = { kind: 'binary', op: 'not in', left, right: parseConcat() };
      } else {
        return left;
      }
    }
  }

  function binaryLevel(ops: string[], next: () => ExprNode): () => ExprNode {
    return () => {
      let left = next();
      while (peek().kind === 'op' && ops.includes(peek().text)) {
        const op = tokens[at++].text;
        left = { kind: 'binary', op, left, right: next() };
      }
      return left;
    };
  }

  function parseUnary(): ExprNode {
    if (isOp('-')) {
      at++;
      return { kind: 'negate', operand: parseUnary() };
    }
    if (isOp('+')) {
      at++;
      return parseUnary();
    }
    return parsePower();
  }

  function parsePower(): ExprNode {
    let left = parsePostfix(parsePrimary());
    while (isOp('**')) {
      at++;
      left = { kind: 'binary', op: '**', left, right: parsePostfix(parsePrimary()) };
    }
    return left;
  }

  const parseProduct = binaryLevel(['*', '/', '//', '%'], parseUnary);
  const parseSum = binaryLevel(['+', '-'], parseProduct);
  const parseConcat = binaryLevel(['~'], parseSum);

  function parseArgs(): { args: ExprNode[]; kwargs: Kwargs } {
    expectOp('(');
    const args: ExprNode[] = [];
    const kwargs: Kwargs = [];
    while (!isOp(')')) {
      if (peek().kind === 'name' && isAssign(peek(1))) {
        const name = tokens[at].text;
        at += 2;
        kwargs.push([name, parseConditional()]);
      } else if (isOp('**')) {
        at++;
        kwargs.push(['**', parseConditional()]);
      } else if (isOp('*')) {
        // Python's `f(a, k=v, *rest)`: a starred list may follow keyword arguments
        at++;
        args.push({ kind: 'splat', operand: parseConditional() });
      } else {
        if (kwargs.length) fail('positional argument follows keyword argument');
        args.push(parseConditional());
      }
      if (!isOp(')')) expectOp(',');
    }
    at++;
    return { args, kwargs };
  }

  function startsPrimary(token: Token): boolean {
    if (token.kind === 'number' || token.kind === 'string') return true;
    if (token.kind === 'name') return !['and', 'or', 'if', 'else', 'in', 'not', 'is'].includes(token.text);
    return token.kind === 'op' && ['[', '{', '-'].includes(token.text);
  }

  function parseTest(operand: ExprNode): ExprNode {
    at++; // 'is'
    const negated = isWord('not') ? (at++, true) : false;
    const nameToken = expectName('a test name after "is"');
    let name = nameToken.text;
    while (isOp('.') && peek(1).kind === 'name') {
      name += `.${tokens[at + 1].text}`;
      at += 2;
    }
    if (!names.tests.has(name)) fail(`warren does not support the test '${name}'`, nameToken);
    if (isOp('(')) return { kind: 'test', operand, name, ...parseArgs(), negated };
    // Jinja: one argument may follow without parentheses (`is divisibleby 3`, `is sameas none`).
    if (startsPrimary(peek()) && !(peek().kind === 'op' && peek().text === '-')) {
      return { kind: 'test', operand, name, args: [parsePostfix(parsePrimary(), false)], kwargs: [], negated };
    }
    return { kind: 'test', operand, name, args: [], kwargs: [], negated };
  }

  function parseSubscript(target: ExprNode): ExprNode {
    at++; // '['
    const part = (): ExprNode | undefined => (isOp(':') || isOp(']') ? undefined : parseConditional());
    const start = part();
    if (!isOp(':')) {
      expectOp(']');
      if (!start) fail('empty subscript');
      return { kind: 'index', target, index: start as ExprNode };
    }
    at++;
    const stop = part();
    let step: ExprNode | undefined;
    if (isOp(':')) {
      at++;
      step = part();
    }
    expectOp(']');
    return { kind: 'slice', target, start, stop, step };
  }

  function parsePostfix(node: ExprNode, withFilters = true): ExprNode {
    for (;;) {
      if (isOp('.')) {
        at++;
        const token = peek();
        if (token.kind === 'number' && Number.isInteger(token.value)) {
          at++;
          node = { kind: 'index', target: node, index: { kind: 'literal', value: token.value } };
          continue;
        }
        node = { kind: 'attribute', target: node, name: expectName('an attribute name after "."').text };
      } else if (isOp('[')) {
        node = parseSubscript(node);
      } else if (isOp('(')) {
        node = { kind: 'call', target: node, ...parseArgs() };
      } else if (withFilters && isOp('|')) {
        at++;
        const nameToken = expectName('a filter name after "|"');
        let name = nameToken.text;
        while (isOp('.') && peek(1).kind === 'name') {
          name += `.${tokens[at + 1].text}`;
          at += 2;
        }
        if (!names.filters.has(name)) fail(`warren does not support the filter '${name}'`, nameToken);
        const call = isOp('(') ? parseArgs() : { args: [], kwargs: [] };
        node = { kind: 'filter', operand: node, name, ...call };
      } else if (withFilters && isWord('is')) {
        node = parseTest(node);
      } else {
        return node;
      }
    }
  }

  function parseCollection(close: string, item: () => void): void {
    at++;
    while (!isOp(close)) {
      item();
      if (!isOp(close)) expectOp(',');
    }
    at++;
  }

  function parsePrimary(): ExprNode {
    const token = peek();
    if (token.kind === 'string') {
      // Adjacent string literals concatenate, as in Python.
      let value = '';
      while (peek().kind === 'string') value += String(tokens[at++].value);
      return { kind: 'literal', value };
    }
    if (token.kind === 'number') {
      at++;
      return { kind: 'literal', value: token.float ? float(token.value as number) : token.value };
    }
    if (token.kind === 'name') {
      at++;
      if (Object.hasOwn(CONSTANTS, token.text)) return { kind: 'literal', value: CONSTANTS[token.text] };
      return { kind: 'variable', name: token.text };
    }
    if (isOp('(')) {
      at++;
      if (isOp(')')) {
        at++;
        return { kind: 'list', items: [], tuple: true };
      }
      const first = parseConditional();
      if (!isOp(',')) {
        expectOp(')');
        return first;
      }
      const items = [first];
      while (isOp(',')) {
        at++;
        if (isOp(')')) break;
        items.push(parseConditional());
      }
      expectOp(')');
      return { kind: 'list', items, tuple: true };
    }
    if (isOp('[')) {
      const items: ExprNode[] = [];
      parseCollection(']', () => items.push(parseConditional()));
      return { kind: 'list', items };
    }
    if (isOp('{')) {
      const entries: Array<[ExprNode, ExprNode]> = [];
      parseCollection('}', () => {
        const key = parseConditional();
        expectOp(':');
        entries.push([key, parseConditional()]);
      });
      return { kind: 'dict', entries };
    }
    return fail(token.kind === 'end' ? 'unexpected end of expression' : `unexpected '${token.text}'`);
  }

  if (peek().kind === 'end') fail('empty expression');
  // `{% for x in items if cond %}`: the iterable is read without an inline if.
  const node = condExpr ? parseConditional() : parseOr();
  if (whole && peek().kind !== 'end') fail(`unexpected '${peek().text}'`);
  return { node, end: at };
}

function isAssign(token: Token): boolean {
  return token.kind === 'op' && token.text === '=';
}
