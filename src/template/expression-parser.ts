// Recursive-descent parser for the condition language. Precedence, lowest first (as Jinja):
// or < and < not < comparisons/in/is < ~ < + - < * / // % < unary - < postfix (. [] () | filter).
import { ExpressionSyntaxError, tokenize, type Token } from './expression-lexer.ts';
import type { ExprNode } from './expression-ast.ts';

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const CONSTANTS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null, null: null };

export interface ParseNames {
  filters: ReadonlySet<string>;
  tests: ReadonlySet<string>;
}

export function parseExpression(source: string, names: ParseNames): ExprNode {
  const tokens = tokenize(source);
  let at = 0;

  const peek = (): Token => tokens[at];
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

  function parseTest(operand: ExprNode): ExprNode {
    at++; // 'is'
    const negated = isWord('not') ? (at++, true) : false;
    const nameToken = expectName('a test name after "is"');
    // `is none` / `is true` read as names here, not constants.
    if (!names.tests.has(nameToken.text)) fail(`unknown test '${nameToken.text}'`, nameToken);
    const args = isOp('(') ? parseArgs() : [];
    return { kind: 'test', operand, name: nameToken.text, args, negated };
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
      } else if (isWord('not') && tokens[at + 1]?.kind === 'name' && tokens[at + 1].text === 'in') {
        at += 2;
        left = { kind: 'binary', op: 'not in', left, right: parseConcat() };
      } else if (isWord('is')) {
        left = parseTest(left);
      } else {
        return left;
      }
    }
  }

  function parseBinaryLevel(ops: string[], next: () => ExprNode): () => ExprNode {
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
    if (isOp('+')) at++;
    return parsePostfix(parsePrimary());
  }

  const parseProduct = parseBinaryLevel(['*', '/', '//', '%'], parseUnary);
  const parseSum = parseBinaryLevel(['+', '-'], parseProduct);
  const parseConcat = parseBinaryLevel(['~'], parseSum);

  function parseArgs(): ExprNode[] {
    expectOp('(');
    const args: ExprNode[] = [];
    while (!isOp(')')) {
      args.push(parseOr());
      if (!isOp(')')) expectOp(',');
    }
    at++;
    return args;
  }

  function parsePostfix(node: ExprNode): ExprNode {
    for (;;) {
      if (isOp('.')) {
        at++;
        const token = peek();
        if (token.kind === 'number' && Number.isInteger(token.value)) {
          at++;
          node = { kind: 'index', target: node, index: { kind: 'literal', value: token.value } };
          continue;
        }
        const name = expectName('an attribute name after "."').text;
        node = isOp('(') ? { kind: 'call', target: node, method: name, args: parseArgs() } : { kind: 'attribute', target: node, name };
      } else if (isOp('[')) {
        at++;
        const index = parseOr();
        expectOp(']');
        node = { kind: 'index', target: node, index };
      } else if (isOp('|')) {
        at++;
        const nameToken = expectName('a filter name after "|"');
        if (!names.filters.has(nameToken.text)) fail(`unknown filter '${nameToken.text}'`, nameToken);
        node = { kind: 'filter', operand: node, name: nameToken.text, args: isOp('(') ? parseArgs() : [] };
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
    if (token.kind === 'number' || token.kind === 'string') {
      at++;
      return { kind: 'literal', value: token.value };
    }
    if (token.kind === 'name') {
      at++;
      if (Object.hasOwn(CONSTANTS, token.text)) return { kind: 'literal', value: CONSTANTS[token.text] };
      return { kind: 'variable', name: token.text };
    }
    if (isOp('(')) {
      at++;
      const inner = parseOr();
      expectOp(')');
      return inner;
    }
    if (isOp('[')) {
      const items: ExprNode[] = [];
      parseCollection(']', () => items.push(parseOr()));
      return { kind: 'list', items };
    }
    if (isOp('{')) {
      const entries: Array<[ExprNode, ExprNode]> = [];
      parseCollection('}', () => {
        const key = parseOr();
        expectOp(':');
        entries.push([key, parseOr()]);
      });
      return { kind: 'dict', entries };
    }
    return fail(token.kind === 'end' ? 'unexpected end of expression' : `unexpected '${token.text}'`);
  }

  if (peek().kind === 'end') fail('empty expression');
  const tree = parseOr();
  if (peek().kind !== 'end') fail(`unexpected '${peek().text}'`);
  return tree;
}
