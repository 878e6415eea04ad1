// Text filters: case, trim, replace, regex_*, indent, wordwrap, center, quote, comment, urlsplit.
import { pythonPattern, pythonReplacement, shellQuote } from './convert.ts';
import { ExpressionError, type Kw } from './expression-values.ts';
import { indentText } from './helpers/text-helpers.ts';
import { pyStr } from './python-text.ts';
import { percentFormat } from './python-format.ts';
import type { Filter } from './filters-lists.ts';

function regex(pattern: unknown, kwargs: Kw, global: boolean): RegExp {
  let source = pythonPattern(pyStr(pattern));
  let flags = `${global ? 'g' : ''}${kwargs.ignorecase === true ? 'i' : ''}${kwargs.multiline === true ? 'm' : ''}`;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1].replace('x', '')) if (!flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new ExpressionError(`invalid regular expression ${pyStr(pattern)}: ${(error as Error).message}`);
  }
}

function regexSearch(value: unknown, args: unknown[], kwargs: Kw): unknown {
  const [pattern, ...groups] = args;
  const match = regex(pattern, kwargs, false).exec(pyStr(value));
  if (!match) return null;
  if (!groups.length) return match[0];
  return groups.map((g) => {
    const ref = pyStr(g);
    const named = /^\\g<(\w+)>$/.exec(ref);
    if (named) return match.groups?.[named[1]] ?? null;
    const numbered = /^\\(\d+)$/.exec(ref);
    if (numbered) return match[Number(numbered[1])] ?? null;
    throw new ExpressionError(`regex_search: unknown group reference ${ref}`);
  });
}

function wordwrap(text: string, width: number, breakLong: boolean, wrapstring: string): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (let word of paragraph.split(/\s+/).filter(Boolean)) {
        while (breakLong && word.length > width) {
          if (line) lines.push(line);
          line = '';
          lines.push(word.slice(0, width));
          word = word.slice(width);
        }
        if (!line) line = word;
        else if (line.length + 1 + word.length <= width) line += ` ${word}`;
        else {
          lines.push(line);
          line = word;
        }
      }
      if (line) lines.push(line);
      return lines.join(wrapstring);
    })
    .join(wrapstring);
}

const COMMENT_STYLES: Record<string, { beginning?: string; decoration: string; end?: string }> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

function comment(text: string, style: string, kwargs: Kw): string {
  const base = COMMENT_STYLES[style];
  if (!base) throw new ExpressionError(`comment: unknown style '${style}'`);
  const decoration = String(kwargs.decoration ?? base.decoration);
  const beginning = kwargs.beginning !== undefined ? String(kwargs.beginning) : base.beginning;
  const end = kwargs.end !== undefined ? String(kwargs.end) : base.end;
  const prefixCount = Number(kwargs.prefix_count ?? 1);
  const postfixCount = Number(kwargs.postfix_count ?? 1);
  const prefix = kwargs.prefix !== undefined ? String(kwargs.prefix) : decoration.trimEnd();
  const postfix = kwargs.postfix !== undefined ? String(kwargs.postfix) : decoration.trimEnd();
  const body = text.split('\n').map((line) => (line === '' ? decoration.trimEnd() : decoration + line));
  const lines = [...(beginning ? [beginning] : []), ...Array(prefixCount).fill(prefix), ...body, ...Array(postfixCount).fill(postfix), ...(end ? [end] : [])];
  return `${lines.join('\n')}\n`;
}

function urlsplit(value: unknown, [part]: unknown[]): unknown {
  const text = pyStr(value);
  const m = /^(?:([A-Za-z][\w+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(text);
  const [, scheme = '', netloc = '', path = '', query = '', fragment = ''] = m ?? [];
  const auth = netloc.includes('@') ? netloc.slice(0, netloc.lastIndexOf('@')) : '';
  const hostport = netloc.slice(netloc.lastIndexOf('@') + 1);
  const portMatch = /:(\d+)$/.exec(hostport);
  const parts: Record<string, unknown> = {
    scheme,
    netloc,
    path,
    query,
    fragment,
    username: auth ? auth.split(':')[0] : null,
    password: auth.includes(':') ? auth.slice(auth.indexOf(':') + 1) : null,
    hostname: hostport ? hostport.replace(/:\d+$/, '').toLowerCase() : null,
    port: portMatch ? Number(portMatch[1]) : null,
  };
  if (part === undefined) return parts;
  if (!Object.hasOwn(parts, String(part))) throw new ExpressionError(`urlsplit: unknown URL component '${pyStr(part)}'`);
  return parts[String(part)];
}

const text = (value: unknown): string => pyStr(value);

export const textFilters: Record<string, Filter> = {
  lower: (v) => text(v).toLowerCase(),
  upper: (v) => text(v).toUpperCase(),
  capitalize: (v) => {
    const t = text(v);
    return t.charAt(0).toUpperCase() + t.slice(1).toLowerCase();
  },
  title: (v) => text(v).replace(/[A-Za-z0-9]+('[A-Za-z]+)?/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  trim: (v, [chars]) => {
    if (chars === undefined) return text(v).trim();
    const set = String(chars);
    let t = text(v);
    while (t && set.includes(t[0])) t = t.slice(1);
    while (t && set.includes(t[t.length - 1])) t = t.slice(0, -1);
    return t;
  },
  center: (v, [width]) => {
    const t = text(v);
    const gap = Math.max(0, Number(width ?? 80) - t.length);
    return ' '.repeat(Math.floor(gap / 2)) + t + ' '.repeat(Math.ceil(gap / 2));
  },
  indent: (v, args, kwargs) => {
    const width = args[0] ?? kwargs.width ?? 4;
    const first = (args[1] ?? kwargs.first) === true;
    const blank = (args[2] ?? kwargs.blank) === true;
    const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
    if (!blank)
      return indentText(text(v), 0, false)
        .split('\n')
        .map((line, i) => ((i > 0 || first) && line !== '' ? pad + line : line))
        .join('\n');
    return text(v)
      .split('\n')
      .map((line, i) => (i > 0 || first ? pad + line : line))
      .join('\n');
  },
  wordwrap: (v, args, kwargs) =>
    wordwrap(text(v), Number(args[0] ?? kwargs.width ?? 79), (args[1] ?? kwargs.break_long_words) !== false, String(args[2] ?? kwargs.wrapstring ?? '\n')),
  replace: (v, [search, replacement, count]) => {
    const parts = text(v).split(pyStr(search));
    const n = count === undefined || count === null ? parts.length : Number(count) + 1;
    return [parts.slice(0, n).join(pyStr(replacement)), ...parts.slice(n)].join(pyStr(search));
  },
  regex_replace: (v, [pattern, replacement, , count], kwargs) => {
    const limit = Number(count ?? kwargs.count ?? 0);
    let done = 0;
    const repl = pythonReplacement(pyStr(replacement ?? ''));
    return text(v).replace(regex(pattern, kwargs, true), (...m) => {
      if (limit > 0 && done++ >= limit) return m[0] as string;
      return (m[0] as string).replace(regex(pattern, kwargs, false), repl);
    });
  },
  regex_search: (v, args, kwargs) => regexSearch(v, args, kwargs),
  regex_findall: (v, [pattern], kwargs) => {
    const out: unknown[] = [];
    for (const m of text(v).matchAll(regex(pattern, kwargs, true))) out.push(m.length > 2 ? m.slice(1) : (m[1] ?? m[0]));
    return out;
  },
  regex_escape: (v, [kind]) => (kind === 'posix_basic' ? text(v).replace(/[.[\\*^$]/g, '\\$&') : text(v).replace(/[^A-Za-z0-9_]/g, '\\$&')),
  quote: (v) => shellQuote(v),
  comment: (v, [style], kwargs) => comment(text(v), String(style ?? 'plain'), kwargs),
  urlsplit,
  truncate: (v, args, kwargs) => {
    const t = text(v);
    const length = Number(args[0] ?? kwargs.length ?? 255);
    const killwords = (args[1] ?? kwargs.killwords) === true;
    const end = String(args[2] ?? kwargs.end ?? '...');
    const leeway = Number(args[3] ?? kwargs.leeway ?? 5);
    if (t.length <= length + leeway) return t;
    if (killwords) return t.slice(0, length - end.length) + end;
    const cut = t.slice(0, length - end.length);
    return cut.replace(/\s*\S*$/, '') + end;
  },
  wordcount: (v) => text(v).split(/\s+/).filter(Boolean).length,
  striptags: (v) =>
    text(v)
      .replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  urlencode: (v) => encodeURIComponent(text(v)).replace(/%2F/g, '/'),
  safe: (v) => v,
  e: (v) => text(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
  format: (v, args, kwargs) => percentFormat(text(v), Object.keys(kwargs).length ? kwargs : args),
  splitext: (v) => {
    const t = text(v);
    const m = /^(.*[^/.])(\.[^./]*)$/.exec(t);
    return m ? [m[1], m[2]] : [t, ''];
  },
};
textFilters.escape = textFilters.e;
