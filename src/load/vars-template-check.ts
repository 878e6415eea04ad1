// A vars file (vars_files, group_vars/host_vars, role defaults/vars, -e @file) is checked when it
// is read: a template syntax error in any string value is bad input at the value's file:line:col,
// before any host is touched (Ansible itself only fails once the variable is used).
import { isScalar, visit, type Scalar } from 'yaml';
import { InputError } from '../core/errors.ts';
import { locOfNode, type YamlFile } from '../core/yaml-file.ts';
import { checkValue } from '../template/check.ts';

/** Where a problem at line/col of a scalar's text sits in the file, when the text is one line. */
function problemLocation(src: YamlFile, node: Scalar, line?: number, col?: number) {
  const at = locOfNode(src, node);
  const oneLine = node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
  if (!oneLine || line !== 1 || col === undefined || String(node.source ?? node.value).includes('\n')) return { at, exact: false };
  const quote = node.type === 'PLAIN' ? 0 : 1;
  return { at: { ...at, col: at.col + quote + col - 1 }, exact: node.type !== 'QUOTE_DOUBLE' || !String(node.value).includes('\\') };
}

export function checkVarsTemplates(src: YamlFile): void {
  visit(src.doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== 'string' || node.tag === '!unsafe' || node.tag === '!vault') return;
      const parent = path[path.length - 1];
      // keys are names, not templates
      if (parent && 'key' in parent && (parent as { key: unknown }).key === node) return;
      const p = checkValue(node.value);
      if (!p) return;
      const { at, exact } = problemLocation(src, node, p.line, p.col);
      const where = exact || p.line === undefined ? '' : ` (line ${p.line}, column ${p.col} of the value)`;
      const name = nameOf(path);
      throw new InputError(`template error in variable${name ? ` '${name}'` : ''}${where}: ${p.message}`, at);
    },
  });
}

function nameOf(path: readonly unknown[]): string {
  const names: string[] = [];
  for (const step of path) {
    if (step && typeof step === 'object' && 'key' in step && isScalar((step as { key: unknown }).key)) {
      names.push(String(((step as { key: Scalar }).key as Scalar).value));
    }
  }
  return names.join('.');
}
