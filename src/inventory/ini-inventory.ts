// Ansible's INI inventory: [group], host key=value..., [group:vars], [group:children].
// Inline host values are read as literals (numbers, True/False), :vars values as strings, like Ansible.
import { InputError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import { splitTokens } from '../load/free-form.ts';
import { addChild, addHost, setGroupVars } from './builder.ts';
import type { InventoryBuilder } from './builder.ts';
import { expandHostPattern } from './host-range.ts';

type Section = { group: string; kind: 'hosts' | 'vars' | 'children' };

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/s.exec(value);
  return m ? m[2] : value;
}

function literal(value: string): unknown {
  if (/^["'].*["']$/s.test(value)) return unquote(value);
  if (/^-?\d+$/.test(value)) return Number(value);
  if (/^-?\d+\.\d+$/.test(value)) return Number(value);
  if (value === 'True') return true;
  if (value === 'False') return false;
  if (value === 'None') return null;
  return value;
}

const GROUP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function parseIniInventory(text: string, file: string, b: InventoryBuilder): void {
  let section: Section = { group: 'ungrouped', kind: 'hosts' };
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNo = index + 1;
    const trimmed = line.trim();
    const col = line.length - line.trimStart().length + 1;
    const loc = { file, line: lineNo, col };
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (trimmed.startsWith('[')) {
      const m = /^\[([^\]:]+)(?::([^\]]*))?\]$/.exec(trimmed);
      if (!m) throw new InputError(`bad section header '${trimmed}' (expected [group], [group:vars] or [group:children])`, loc);
      const [, group, suffix] = m;
      if (!GROUP_NAME.test(group)) throw new InputError(`bad group name '${group}' (letters, digits, _ . - only)`, loc);
      if (suffix !== undefined && suffix !== 'vars' && suffix !== 'children') {
        throw new InputError(`unknown section suffix ':${suffix}' in '${trimmed}' (expected :vars or :children)`, { ...loc, col: col + group.length + 1 });
      }
      section = { group, kind: (suffix as Section['kind']) ?? 'hosts' };
      setGroupVars(b, group, {});
      return;
    }
    if (section.kind === 'vars') {
      const m = /^([^=\s]+)\s*=\s*(.*)$/.exec(trimmed);
      if (!m) throw new InputError(`bad variable line '${trimmed}' in [${section.group}:vars] (expected key=value)`, loc);
      setGroupVars(b, section.group, { [m[1]]: unquote(m[2].trim()) });
      return;
    }
    if (section.kind === 'children') {
      if (!GROUP_NAME.test(trimmed)) throw new InputError(`bad child group name '${trimmed}' in [${section.group}:children]`, loc);
      addChild(b, section.group, trimmed, loc);
      return;
    }
    parseHostLine(line, loc, section.group, b);
  });
}

function parseHostLine(line: string, loc: { file: string; line: number; col: number }, group: string, b: InventoryBuilder): void {
  const tokens = splitTokens(line, loc);
  const [first, ...rest] = tokens;
  const vars: Vars = {};
  for (const tok of rest) {
    if (tok.raw.startsWith('#')) break;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(tok.raw);
    if (!m) throw new InputError(`bad host variable '${tok.raw}' for host '${first.raw}' (expected key=value)`, { ...loc, col: tok.start + 1 });
    vars[m[1]] = literal(m[2]);
  }
  let name = first.raw;
  const port = /^([^:\[\]]+|\[[^\]]+\]):(\d+)$/.exec(name);
  if (port) {
    name = port[1];
    vars.ansible_port ??= Number(port[2]);
  }
  if (/[=,"']/.test(name)) throw new InputError(`bad host name '${name}'`, { ...loc, col: first.start + 1 });
  for (const host of expandHostPattern(name, { ...loc, col: first.start + 1 })) addHost(b, host, group, { ...vars });
}
