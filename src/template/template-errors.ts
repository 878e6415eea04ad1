// Turns whatever Handlebars or a helper threw into one TemplateError naming file:line.
import type { SourceLocation } from '../core/location.ts';
import { TemplateError } from '../core/errors.ts';
import { HelperError } from './helper-error.ts';

interface Found {
  message: string;
  line?: number; // 1-based, within the template text
  column?: number; // 0-based
}

/** Where the template text lives: a file (lines are real) or a value in a YAML file. */
export type TemplateOrigin = { kind: 'file'; file: string } | { kind: 'value'; where?: SourceLocation };

function lineOfName(source: string, name: string): number | undefined {
  const lines = source.split('\n');
  const word = new RegExp(`(^|[^\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w-]|$)`);
  const index = lines.findIndex((line) => line.includes('{{') && word.test(line));
  return index >= 0 ? index + 1 : undefined;
}

function analyse(error: unknown, source: string): Found {
  if (error instanceof HelperError) {
    return { message: error.message, line: error.position?.line, column: error.position?.column };
  }
  const raw = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: number; column?: number };
  const notDefined = /^"(.+?)" not defined in /.exec(raw);
  if (notDefined) {
    const line = located.lineNumber ?? lineOfName(source, notDefined[1]);
    return { message: `'${notDefined[1]}' is not defined`, line, column: located.column };
  }
  const parse = /^(?:Parse|Lexical) error on line (\d+):\n([\s\S]*)$/.exec(raw);
  if (parse) return { message: `template syntax error:\n${parse[2]}`, line: Number(parse[1]) };
  const missingHelper = /^Missing helper: "(.+)"$/.exec(raw);
  if (missingHelper) {
    return { message: `unknown helper '${missingHelper[1]}'`, line: lineOfName(source, missingHelper[1]) };
  }
  const message = raw.replace(/ - \d+:\d+$/, '');
  return { message, line: located.lineNumber, column: located.column };
}

export function toTemplateError(error: unknown, source: string, origin: TemplateOrigin): TemplateError {
  if (error instanceof TemplateError) return error;
  const found = analyse(error, source);
  if (origin.kind === 'file') {
    const location = { file: origin.file, line: found.line ?? 1, col: (found.column ?? 0) + 1 };
    return new TemplateError(found.message, location);
  }
  const inText = found.line !== undefined && source.includes('\n') ? ` (template line ${found.line})` : '';
  return new TemplateError(`${found.message}${inText}`, origin.where);
}
