// String helpers: case, trim, replace, regex_replace, quote, indent, paths and base64.
import { posix } from 'node:path';
import { pythonPattern, pythonReplacement, shellQuote, toText } from '../convert.ts';
import { splitArgs, type HelperTable } from './helper-kit.ts';

/** Ansible's indent(width=4, first=False): blank lines stay empty. */
export function indentText(text: string, width: number, first: boolean): string {
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((line, i) => ((i > 0 || first) && line.trim() !== '' ? pad + line : line))
    .join('\n');
}

export function regexReplace(text: string, pattern: string, replacement: string, flags = ''): string {
  return text.replace(new RegExp(pythonPattern(pattern), `g${flags}`), pythonReplacement(replacement));
}

export const textHelpers: HelperTable = {
  upper: (value) => toText(value).toUpperCase(),
  lower: (value) => toText(value).toLowerCase(),
  trim: (value) => toText(value).trim(),
  replace: (value, search, replacement) => toText(value).split(toText(search)).join(toText(replacement)),
  regex_replace: (...args) => {
    const { params, options } = splitArgs(args);
    const hash = options.hash as { ignorecase?: boolean; multiline?: boolean };
    const flags = `${hash.ignorecase ? 'i' : ''}${hash.multiline ? 'm' : ''}`;
    return regexReplace(toText(params[0]), toText(params[1]), toText(params[2] ?? ''), flags);
  },
  quote: (value) => shellQuote(value),
  indent: (...args) => {
    const { params } = splitArgs(args);
    const width = params[1] === undefined ? 4 : Number(params[1]);
    return indentText(toText(params[0]), width, params[2] === true);
  },
  basename: (value) => posix.basename(toText(value)),
  dirname: (value) => posix.dirname(toText(value)),
  b64encode: (value) => Buffer.from(toText(value), 'utf8').toString('base64'),
  b64decode: (value) => Buffer.from(toText(value), 'base64').toString('utf8'),
};
