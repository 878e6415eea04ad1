// blockinfile's text edit, line for line as Ansible's: the block between two marker lines is
// replaced, removed, or inserted after/before the last line matching a regular expression.
import { pythonRegex } from './replace.ts';

export interface BlockEditArgs {
  state?: 'present' | 'absent';
  marker?: string;
  block?: string;
  insertafter?: string;
  insertbefore?: string;
  marker_begin?: string;
  marker_end?: string;
}

/** Python's str.splitlines(True) for \n and \r\n text: each line keeps its ending. */
function splitKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A leading inline flag group such as (?m) or (?i), which JavaScript spells as flags. */
function withInlineFlags(source: string): { source: string; multiline: boolean; flags: string } {
  const m = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (!m) return { source, multiline: false, flags: '' };
  const flags = [...new Set(m[1]!.split('').filter((f) => 'ims'.includes(f)))].join('');
  return { source: source.slice(m[0].length), multiline: m[1]!.includes('m'), flags };
}

export function editBlock(original: string | undefined, args: BlockEditArgs): { text: string; msg: string; changed: boolean } {
  const lines = original === undefined ? [] : splitKeepingEnds(original);
  const marker = args.marker ?? '# {mark} ANSIBLE MANAGED BLOCK';
  const marker0 = `${marker.replaceAll('{mark}', args.marker_begin ?? 'BEGIN')}\n`;
  const marker1 = `${marker.replaceAll('{mark}', args.marker_end ?? 'END')}\n`;
  const present = (args.state ?? 'present') === 'present';
  let block = args.block ?? '';
  let blockLines: string[] = [];
  if (present && block) {
    if (!block.endsWith('\n')) block += '\n';
    blockLines = [marker0, ...splitKeepingEnds(block), marker1];
  }
  const insertafter = args.insertbefore === undefined && args.insertafter === undefined ? 'EOF' : args.insertafter;
  const insertbefore = args.insertbefore;
  const pattern =
    insertafter !== undefined && insertafter !== 'EOF' ? insertafter : insertbefore !== undefined && insertbefore !== 'BOF' ? insertbefore : undefined;

  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((line, i) => {
    if (line === marker0) n0 = i;
    if (line === marker1) n1 = i;
  });
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (pattern !== undefined) {
      const inline = withInlineFlags(pattern);
      if (inline.multiline) {
        const m = pythonRegex(inline.source, `${inline.flags}d`).exec(original ?? '');
        if (m) {
          const at = insertafter !== undefined ? m.indices![0]![1] : m.index;
          n0 = ((original ?? '').slice(0, at).match(/\n/g) ?? []).length;
        }
      } else {
        const re = pythonRegex(inline.source, inline.flags);
        lines.forEach((line, i) => {
          if (re.test(line)) n0 = i;
        });
      }
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else if (insertbefore !== undefined) n0 = 0;
    else n0 = lines.length;
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blockLines);
  const text = lines.join('');
  if (original === text) return { text, msg: '', changed: false };
  const msg = original === undefined ? 'File created' : blockLines.length ? 'Block inserted' : 'Block removed';
  return { text, msg, changed: true };
}
