// A vars file (vars_files, group_vars/host_vars, role defaults/vars, -e @file) is checked when it
// is read: a template syntax error in any string value is bad input at the value's file:line:col,
// before any host is touched (Ansible itself only fails once the variable is used).
import { readFileSync } from 'node:fs';
import { isScalar, visit, type Scalar } from 'yaml';
import type { SourceLocation } from '../core/location.ts';
import { InputError } from '../core/errors.ts';
import { locOfNode, type YamlFile } from '../core/yaml-file.ts';
import { checkValue } from '../template/check.ts';

/**
 * A literal block scalar (`|`) keeps its lines: line L of the value is line L below the header,
 * after the block's indentation. Read again only on an error; undefined when it cannot be sure
 * (a folded block, an explicit indentation digit, text that does not match).
 */
function blockLocation(src: YamlFile, node: Scalar, line: number, col: number): SourceLocation | undefined {
  if (node.type !== 'BLOCK_LITERAL' || !node.range) return undefined;
  let text: string;
  try {
    text = readFileSync(src.file, 'utf8');
  } catch {
    return undefined;
  }
  const headerEnd = text.indexOf('\n', node.range[0]);
  if (headerEnd < 0 || /\d/.test(text.slice(node.range[0], headerEnd).replace(/#.*/, ''))) return undefined;
  const lines = text.slice(headerEnd + 1).split('\n');
  const indent = /^ */.exec(lines.find((l) => l.trim() !== '') ?? '')![0].length;
  const wanted = String(node.value).split('\n')[line - 1];
  if (wanted === undefined || lines[line - 1]?.slice(indent) !== wanted) return undefined;
  const first = src.lineCounter.linePos(headerEnd + 1).line;
  return { file: src.file, line: first + line - 1, col: indent + col };
}

/** Where a problem at line/col of a scalar's text sits in the file: exact for one-line values and literal blocks. */
function problemLocation(src: YamlFile, node: Scalar, line?: number, col?: number) {
  const at = locOfNode(src, node);
  const block = line !== undefined && col !== undefined ? blockLocation(src, node, line, col) : undefined;
  if (block) return { at: block, exact: true };
  const oneLine = node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
  if (!oneLine || line !== 1 || col === undefined || String(node.source ?? node.value).includes('\n')) return { at, exact: false };
  const quote = node.type === 'PLAIN' ? 0 : 1;
  return { at: { ...at, col: at.col + quote + col - 1 }, exact: node.type !== 'QUOTE_DOUBLE' || !String(node.value).includes('\\') };
}

/**
 * Every template in a vars file must parse. Vaulted text (a whole-file vault, `wholeVault`, or an
 * inline `!vault` value) is checked too, once decrypted, but its error says only where: no
 * fragment of a secret may reach a message (the line and column are of the decrypted text).
 */
export function checkVarsTemplates(src: YamlFile, wholeVault = false): void {
  visit(src.doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== 'string' || node.tag === '!unsafe') return;
      const parent = path[path.length - 1];
      // keys are names, not templates
      if (parent && 'key' in parent && (parent as { key: unknown }).key === node) return;
      const p = checkValue(node.value);
      if (!p) return;
      if (wholeVault || node.tag === '!vault') {
        const at = locOfNode(src, node);
        const what = wholeVault
          ? `a value of this vaulted file (not shown: it is secret; line ${at.line}, column ${at.col} of the decrypted text)`
          : `the vaulted variable '${nameOf(path)}' (not shown: it is secret)`;
        throw new InputError(`template error in ${what}`, at);
      }
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
