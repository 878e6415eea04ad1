// Node shapes the expression parser produces and the evaluator walks.

export type ExprNode =
  | { kind: 'literal'; value: unknown }
  | { kind: 'variable'; name: string }
  | { kind: 'attribute'; target: ExprNode; name: string }
  | { kind: 'index'; target: ExprNode; index: ExprNode }
  | { kind: 'call'; target: ExprNode; method: string; args: ExprNode[] }
  | { kind: 'list'; items: ExprNode[] }
  | { kind: 'dict'; entries: Array<[ExprNode, ExprNode]> }
  | { kind: 'not'; operand: ExprNode }
  | { kind: 'negate'; operand: ExprNode }
  | { kind: 'and' | 'or'; left: ExprNode; right: ExprNode }
  | { kind: 'binary'; op: string; left: ExprNode; right: ExprNode }
  | { kind: 'test'; operand: ExprNode; name: string; args: ExprNode[]; negated: boolean }
  | { kind: 'filter'; operand: ExprNode; name: string; args: ExprNode[] };

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
