// Node shapes the Jinja expression parser produces and the evaluator walks.

export type Kwargs = Array<[string, ExprNode]>;

export type ExprNode =
  | { kind: 'literal'; value: unknown }
  | { kind: 'variable'; name: string }
  | { kind: 'attribute'; target: ExprNode; name: string }
  | { kind: 'index'; target: ExprNode; index: ExprNode }
  | { kind: 'slice'; target: ExprNode; start?: ExprNode; stop?: ExprNode; step?: ExprNode }
  | { kind: 'call'; target: ExprNode; args: ExprNode[]; kwargs: Kwargs }
  | { kind: 'list'; items: ExprNode[]; tuple?: boolean }
  | { kind: 'dict'; entries: Array<[ExprNode, ExprNode]> }
  | { kind: 'not'; operand: ExprNode }
  | { kind: 'splat'; operand: ExprNode }
  | { kind: 'negate'; operand: ExprNode }
  | { kind: 'and' | 'or'; left: ExprNode; right: ExprNode }
  | { kind: 'binary'; op: string; left: ExprNode; right: ExprNode }
  | { kind: 'cond'; test: ExprNode; then: ExprNode; otherwise?: ExprNode }
  | { kind: 'test'; operand: ExprNode; name: string; args: ExprNode[]; kwargs: Kwargs; negated: boolean }
  | { kind: 'filter'; operand: ExprNode; name: string; args: ExprNode[]; kwargs: Kwargs };

/** A readable name for a value path (`a.b['c'][0]`), used in "is undefined" messages. */
export function describePath(node: ExprNode): string {
  switch (node.kind) {
    case 'variable':
      return node.name;
    case 'attribute':
      return `${describePath(node.target)}.${node.name}`;
    case 'index':
      if (node.index.kind !== 'literal') return `${describePath(node.target)}[...]`;
      return typeof node.index.value === 'string'
        ? `${describePath(node.target)}['${node.index.value}']`
        : `${describePath(node.target)}[${String(node.index.value)}]`;
    default:
      return 'value';
  }
}

/** Every variable name an expression reads (for load-time checks and `is defined` fast paths). */
export function walkNodes(node: ExprNode, visit: (node: ExprNode) => void): void {
  visit(node);
  const each = (items: Array<ExprNode | undefined>): void => items.forEach((item) => item && walkNodes(item, visit));
  switch (node.kind) {
    case 'attribute':
      return each([node.target]);
    case 'index':
      return each([node.target, node.index]);
    case 'slice':
      return each([node.target, node.start, node.stop, node.step]);
    case 'call':
      return each([node.target, ...node.args, ...node.kwargs.map(([, v]) => v)]);
    case 'list':
      return each(node.items);
    case 'dict':
      return each(node.entries.flat());
    case 'not':
    case 'negate':
    case 'splat':
      return each([node.operand]);
    case 'and':
    case 'or':
    case 'binary':
      return each([node.left, node.right]);
    case 'cond':
      return each([node.test, node.then, node.otherwise]);
    case 'test':
    case 'filter':
      return each([node.operand, ...node.args, ...node.kwargs.map(([, v]) => v)]);
    default:
      return undefined;
  }
}
