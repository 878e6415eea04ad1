// Ansible's split_args (parsing/splitter.py): how a free-form module line becomes words. Lines
// are split on single spaces (runs of spaces stay inside the word before them), words are rejoined
// inside quotes and {{ }} / {% %} / {# #}, a lone `\` at a line's end joins it to the next line,
// and other line ends stay at the end of their word. A command's text is these words joined by
// one space, so `echo a \` + newline + `b` runs as `echo a b`, as under ansible-playbook.
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';

/** The quote a word leaves open (Ansible's _get_quote_state: a quote after a backslash does not count). */
function quoteState(token: string, open: string | undefined): string | undefined {
  let quote = open;
  for (let i = 0; i < token.length; i++) {
    const ch = token[i]!;
    if ((ch === '"' || ch === "'") && token[i - 1] !== '\\') {
      if (quote === undefined) quote = ch;
      else if (quote === ch) quote = undefined;
    }
  }
  return quote;
}

/** Ansible's _count_jinja2_blocks: the depth after this word. */
function depthAfter(token: string, depth: number, open: string, close: string): number {
  let d = depth + token.split(open).length - 1;
  d -= token.split(close).length - 1;
  return d < 0 ? 0 : d;
}

export function splitArgs(text: string, loc: SourceLocation): string[] {
  const params: string[] = [];
  const items = text.split('\n');
  let quote: string | undefined;
  let print = 0;
  let block = 0;
  let comment = 0;
  items.forEach((item, itemIndex) => {
    const tokens = item.split(' ');
    let continued = false;
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        if (params.length) params[params.length - 1] += ' ';
        return;
      }
      if (token === '\\' && quote === undefined) {
        continued = true;
        return;
      }
      const wasInside = quote !== undefined;
      quote = quoteState(token, quote);
      const inside = quote !== undefined;
      let appended = false;
      const last = () => params.length - 1;
      if (inside && !wasInside && !(print || block || comment)) {
        params.push(token);
        appended = true;
      } else if (print || block || comment || inside || wasInside) {
        if (idx === 0 && wasInside) params[last()] += token;
        else if (tokens.length > 1) params[last()] += `${idx > 0 ? ' ' : ''}${token}`;
        else params[last()] += `\n${token}`;
        appended = true;
      }
      const nested: Array<[number, string, string, (d: number) => void]> = [
        [print, '{{', '}}', (d) => (print = d)],
        [block, '{%', '%}', (d) => (block = d)],
        [comment, '{#', '#}', (d) => (comment = d)],
      ];
      for (const [before, open, close, set] of nested) {
        const after = depthAfter(token, before, open, close);
        set(after);
        if (after !== before && !appended) {
          params.push(token);
          appended = true;
        }
      }
      if (!(print || block || comment) && quote === undefined && !appended && token !== '') params.push(token);
    });
    if (items.length > 1 && itemIndex !== items.length - 1 && !continued && params.length) params[params.length - 1] += '\n';
  });
  if (print || block || comment || quote !== undefined) {
    throw new InputError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${text}`, loc);
  }
  return params;
}
