// ansible.cfg's syntax, as Python's configparser reads it for Ansible: `[section]`, `key = value`
// or `key: value`, whole-line comments with # or ;, inline comments after ` ;`, indented lines
// continuing the previous value, keys case-insensitive. The `ini` npm package reads none of
// `key: value`, continuation lines or configparser's comment rules, so this is hand-written.
import { InputError } from '../core/errors.ts';

export interface IniEntry {
  value: string;
  line: number;
}

export type IniSections = Map<string, Map<string, IniEntry>>;

export function parseIni(text: string, file: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, IniEntry> | undefined;
  let last: IniEntry | undefined;
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const lineNo = i + 1;
    if (/^\s*$/.test(raw) || /^\s*[#;]/.test(raw)) {
      last = /^\s*$/.test(raw) ? undefined : last;
      continue;
    }
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value}\n${stripInline(raw).trim()}`;
      continue;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw.trim());
    if (header) {
      const name = header[1]!.trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      last = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (!kv) throw new InputError('ansible.cfg: cannot read this line (expected [section] or key = value)', { file, line: lineNo, col: 1 });
    if (!current) throw new InputError(`ansible.cfg: '${kv[1]}' comes before any [section]`, { file, line: lineNo, col: 1 });
    last = { value: stripInline(kv[2]!).trim(), line: lineNo };
    current.set(kv[1]!.toLowerCase(), last);
  }
  return sections;
}

/** configparser's inline_comment_prefixes=(';',): a ';' after whitespace starts a comment. */
function stripInline(value: string): string {
  const at = value.search(/\s;/);
  return at < 0 ? value : value.slice(0, at);
}
