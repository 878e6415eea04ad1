// Splits Jinja template text into text, `{{ }}` and `{% %}` pieces, applying Jinja's whitespace
// rules: trim_blocks, lstrip_blocks, `-`/`+` modifiers, comments and `{% raw %}`.

export interface LexOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  blockStart: string;
  blockEnd: string;
  varStart: string;
  varEnd: string;
  commentStart: string;
  commentEnd: string;
}

export const ANSIBLE_DEFAULTS: LexOptions = {
  trimBlocks: true,
  lstripBlocks: false,
  blockStart: '{%',
  blockEnd: '%}',
  varStart: '{{',
  varEnd: '}}',
  commentStart: '{#',
  commentEnd: '#}',
};

export type Piece = { type: 'text'; text: string } | { type: 'var' | 'block'; content: string; line: number; col: number };

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Line and column of increasing offsets, counted from where the last call stopped: one pass over
 * the source in all, where counting from the start for every tag is quadratic in a big template.
 */
function positionTracker(source: string): (offset: number) => { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  return (offset) => {
    for (let i = source.indexOf('\n', scanned); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = Math.max(scanned, offset);
    return { line, col: offset - lineStart + 1 };
  };
}

/** Index of `end` after `from`, skipping quoted strings and balanced brackets (`{{ {'a': {}} }}`). */
function findEnd(source: string, from: number, end: string): number {
  let quote = '';
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (depth === 0 && source.startsWith(end, i)) {
      return i;
    } else if (ch === '{' || ch === '[' || ch === '(') {
      depth++;
    } else if ((ch === '}' || ch === ']' || ch === ')') && depth > 0) {
      depth--;
    }
  }
  return -1;
}

export function lex(source: string, opts: LexOptions = ANSIBLE_DEFAULTS): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  const starts = [opts.varStart, opts.blockStart, opts.commentStart];
  const position = positionTracker(source);
  // Where each start string occurs next: searched again only once `at` has passed it, so a start
  // that never occurs (no comments) costs one scan, not one per tag.
  const nextAt = starts.map(() => -2);

  const pushText = (text: string): void => {
    if (text) pieces.push({ type: 'text', text });
  };
  const stripLastText = (mode: 'all' | 'line'): void => {
    const last = pieces[pieces.length - 1];
    if (!last || last.type !== 'text') return;
    if (mode === 'all') last.text = last.text.replace(/\s+$/, '');
    else {
      const m = /(^|\n)[ \t]*$/.exec(last.text);
      // lstrip_blocks only when the tag is the first thing on its line
      if (m) last.text = last.text.slice(0, m.index + m[1].length);
    }
  };
  const afterTag = (index: number, strip: boolean, trim: boolean): number => {
    if (strip) {
      while (index < source.length && /\s/.test(source[index])) index++;
    } else if (trim) {
      if (source.startsWith('\r\n', index)) index += 2;
      else if (source[index] === '\n') index++;
    }
    return index;
  };

  while (at < source.length) {
    let next = -1;
    let kind = -1;
    starts.forEach((start, k) => {
      if (nextAt[k] === -2 || (nextAt[k] >= 0 && nextAt[k] < at)) nextAt[k] = source.indexOf(start, at);
      const found = nextAt[k];
      if (found >= 0 && (next < 0 || found < next)) {
        next = found;
        kind = k;
      }
    });
    if (next < 0) {
      pushText(source.slice(at));
      break;
    }
    pushText(source.slice(at, next));
    const start = starts[kind];
    let inner = next + start.length;
    const modifier = source[inner];
    const isBlockish = kind !== 0;
    if (modifier === '-') stripLastText('all');
    else if (isBlockish && opts.lstripBlocks && modifier !== '+') stripLastText('line');
    if (modifier === '-' || modifier === '+') inner++;
    const where = position(next);
    if (kind === 2) {
      const close = source.indexOf(opts.commentEnd, inner);
      if (close < 0) throw new TemplateSyntaxError('missing end of comment tag', where.line, where.col);
      const stripAfter = source[close - 1] === '-';
      at = afterTag(close + opts.commentEnd.length, stripAfter, opts.trimBlocks && source[close - 1] !== '+');
      continue;
    }
    const end = kind === 0 ? opts.varEnd : opts.blockEnd;
    const close = findEnd(source, inner, end);
    if (close < 0) throw new TemplateSyntaxError(`unexpected end of template, expected '${end}'`, where.line, where.col);
    const endModifier = source[close - 1];
    const stripAfter = endModifier === '-';
    const content = source.slice(inner, stripAfter || endModifier === '+' ? close - 1 : close);
    at = afterTag(close + end.length, stripAfter, kind === 1 && opts.trimBlocks && endModifier !== '+');
    if (kind === 1 && content.trim() === 'raw') {
      const rawEnd = new RegExp(`${escapeRegex(opts.blockStart)}(-?)\\s*endraw\\s*(-?)${escapeRegex(opts.blockEnd)}`, 'g');
      rawEnd.lastIndex = at;
      const m = rawEnd.exec(source);
      if (!m) throw new TemplateSyntaxError("missing '{% endraw %}' for this '{% raw %}'", where.line, where.col);
      const body = source.slice(at, m.index);
      pushText(m[1] === '-' ? body.replace(/\s+$/, '') : body);
      at = afterTag(m.index + m[0].length, m[2] === '-', opts.trimBlocks);
      continue;
    }
    pieces.push({ type: kind === 0 ? 'var' : 'block', content, line: where.line, col: where.col });
  }
  return pieces;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
