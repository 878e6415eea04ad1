// Where lineinfile puts a line: a faithful port of Ansible's lineinfile present()/absent().
// Pure: text in, text out. Lines are matched without their line ending (Python's `$` also
// matches before a final newline; JavaScript's does not, so stripping keeps patterns equal).
import { ModuleFailure } from '../module.ts';

export interface LineEditArgs {
  line?: string;
  regexp?: string;
  search_string?: string;
  state?: 'present' | 'absent';
  insertafter?: string;
  insertbefore?: string;
  backrefs?: boolean;
  firstmatch?: boolean;
}

export interface LineEdit {
  text: string;
  changed: boolean;
  msg: string;
}

const EOL = '\n';

export function splitLinesKeepEnds(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

const bare = (line: string) => line.replace(/[\r\n]+$/, '');

/** Python regex syntax that differs from JavaScript: named groups. */
export function compilePattern(pattern: string, what: string): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>'));
  } catch (err) {
    throw new ModuleFailure(`invalid ${what} '${pattern}': ${(err as Error).message}`);
  }
}

/** Python's match.expand: \1, \g<1>, \g<name>. */
export function expandBackrefs(template: string, match: RegExpExecArray): string {
  return template.replace(/\\(?:(\d{1,2})|g<(\w+)>|(\\))/g, (_all, num: string, group: string, slash: string) => {
    if (slash) return '\\';
    const key = num ?? group;
    const value = /^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key];
    return value ?? '';
  });
}

export function checkLineArgs(args: LineEditArgs): void {
  const state = args.state ?? 'present';
  if (args.regexp !== undefined && args.search_string !== undefined) throw new ModuleFailure('parameters are mutually exclusive: regexp|search_string');
  if (args.insertafter !== undefined && args.insertbefore !== undefined) throw new ModuleFailure('parameters are mutually exclusive: insertafter|insertbefore');
  if (state === 'present' && args.line === undefined) throw new ModuleFailure('line is required with state=present');
  if (args.backrefs && args.regexp === undefined) throw new ModuleFailure('regexp is required with backrefs=true');
  if (state === 'absent' && args.regexp === undefined && args.search_string === undefined && args.line === undefined) {
    throw new ModuleFailure('one of line, regexp or search_string is required with state=absent');
  }
}

export function editLines(text: string, args: LineEditArgs): LineEdit {
  checkLineArgs(args);
  return (args.state ?? 'present') === 'absent' ? removeLines(text, args) : placeLine(text, args);
}

function removeLines(text: string, args: LineEditArgs): LineEdit {
  const re = args.regexp !== undefined ? compilePattern(args.regexp, 'regexp') : undefined;
  const matches = (l: string) => (re ? re.test(bare(l)) : args.search_string !== undefined ? l.includes(args.search_string) : bare(l) === args.line);
  const lines = splitLinesKeepEnds(text);
  const kept = lines.filter((l) => !matches(l));
  const removed = lines.length - kept.length;
  return { text: kept.join(''), changed: removed > 0, msg: removed > 0 ? `${removed} line(s) removed` : '' };
}

function placeLine(text: string, args: LineEditArgs): LineEdit {
  const lines = splitLinesKeepEnds(text);
  const line = args.line!;
  const { insertafter, insertbefore, firstmatch } = args;
  const re = args.regexp !== undefined ? compilePattern(args.regexp, 'regexp') : undefined;
  const insertPattern =
    insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF'
      ? insertafter
      : insertbefore !== undefined && insertbefore !== 'BOF'
        ? insertbefore
        : undefined;
  const insRe = insertPattern !== undefined ? compilePattern(insertPattern, insertafter !== undefined ? 'insertafter' : 'insertbefore') : undefined;

  let matchIndex = -1; // Ansible's index[0]
  let insertIndex = -1; // Ansible's index[1]
  let match: RegExpExecArray | null = null;
  let found = false;
  // 1. regexp or search_string: the last match (or the first, with firstmatch) is replaced.
  for (let i = 0; i < lines.length; i++) {
    const m = re ? re.exec(bare(lines[i])) : null;
    const hit = re ? m !== null : args.search_string !== undefined && lines[i].includes(args.search_string);
    if (hit) {
      matchIndex = i;
      match = m;
      found = true;
      if (firstmatch) break;
    }
  }
  // 2. No match: an identical line counts, else find the insertafter/insertbefore anchor.
  if (!found) {
    for (let i = 0; i < lines.length; i++) {
      if (bare(lines[i]) === line) {
        matchIndex = i;
      } else if (insRe?.test(bare(lines[i]))) {
        insertIndex = insertafter !== undefined ? i + 1 : i;
        if (firstmatch) break;
      }
    }
  }

  const added = (result: string[]): LineEdit => ({ text: result.join(''), changed: true, msg: 'line added' });
  if (matchIndex !== -1) {
    let newLine = args.backrefs && match ? expandBackrefs(line, match) : line;
    if (!newLine.endsWith(EOL)) newLine += EOL;
    if (lines[matchIndex] === newLine) return { text, changed: false, msg: '' };
    lines[matchIndex] = newLine;
    return { text: lines.join(''), changed: true, msg: 'line replaced' };
  }
  // backrefs without a match: the line cannot be built, so nothing is done.
  if (args.backrefs) return { text, changed: false, msg: '' };
  if (insertbefore === 'BOF' || insertafter === 'BOF') return added([line + EOL, ...lines]);
  if (insertafter === 'EOF' || insertIndex === -1) {
    if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1])) lines.push(EOL);
    return added([...lines, line + EOL]);
  }
  if (insertafter !== undefined) {
    // Do not add the line again right after its anchor.
    if (insertIndex === lines.length) {
      if (bare(lines[insertIndex - 1]) === line) return { text, changed: false, msg: '' };
      if (!/[\n\r]$/.test(lines[insertIndex - 1])) lines[insertIndex - 1] += EOL;
      return added([...lines, line + EOL]);
    }
    if (bare(lines[insertIndex]) === line) return { text, changed: false, msg: '' };
  }
  lines.splice(insertIndex, 0, line + EOL);
  return added(lines);
}
