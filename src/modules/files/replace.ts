// replace: replaces every match of a (Python-style) regular expression in a file, optionally only
// in the section after/before two other expressions, as Ansible's replace does; the file is then
// installed atomically with backup/validate/attributes like lineinfile.
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, contentFileProperties, planContentFile } from '../lib/content-file.ts';
import { probeFile } from '../lib/probe.ts';
import { checkContentFileArgs } from '../lib/content-file.ts';

export interface ReplaceArgs extends Omit<ContentFileArgs, 'dest' | 'force'> {
  path?: string;
  dest?: string;
  destfile?: string;
  name?: string;
  regexp: string;
  replace?: string;
  after?: string;
  before?: string;
  encoding?: string;
}

/** Python `re` syntax that JavaScript spells differently: named groups and their references. */
export function pythonRegex(source: string, flags: string): RegExp {
  const js = source.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
  try {
    return new RegExp(js, flags);
  } catch (err) {
    throw new ModuleFailure(`invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}`);
  }
}

/** Python's replacement template (\1, \g<1>, \g<name>, \n) as a JavaScript one ($1, $<name>). */
export function pythonReplacement(template: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    const next = template[i + 1];
    if (ch === '$') out += '$$';
    else if (ch !== '\\' || next === undefined) out += ch;
    else if (/\d/.test(next)) {
      const digits = /^\d{1,2}/.exec(template.slice(i + 1))![0];
      out += `$${digits}`;
      i += digits.length;
    } else if (next === 'g') {
      const m = /^g<(\w+)>/.exec(template.slice(i + 1));
      if (!m) throw new ModuleFailure(`bad group reference in replace: ${template}`);
      out += /^\d+$/.test(m[1]!) ? `$${m[1]}` : `$<${m[1]}>`;
      i += m[0].length;
    } else {
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };
      out += escapes[next] ?? `\\${next}`;
      i += 1;
    }
  }
  return out;
}

/** The new text and the number of replacements, or why nothing was replaced. */
export function replaceInText(text: string, args: Pick<ReplaceArgs, 'regexp' | 'replace' | 'after' | 'before'>): { text: string; count: number; msg?: string } {
  let [start, end] = [0, text.length];
  if (args.after || args.before) {
    const pattern =
      args.after && args.before
        ? `${args.after}(?P<subsection>.*?)${args.before}`
        : args.after
          ? `${args.after}(?P<subsection>.*)`
          : `(?P<subsection>.*)${args.before}`;
    const m = pythonRegex(pattern, 'sd').exec(text);
    if (!m) return { text, count: 0, msg: `Pattern for before/after params did not match the given file: ${pattern}` };
    [start, end] = m.indices!.groups!.subsection!;
  }
  const section = text.slice(start, end);
  const re = pythonRegex(args.regexp, 'gm');
  const count = [...section.matchAll(re)].length;
  const replaced = section.replace(re, pythonReplacement(args.replace ?? ''));
  return { text: text.slice(0, start) + replaced + text.slice(end), count };
}

function pathOf(args: ReplaceArgs): string {
  const path = args.path ?? args.dest ?? args.destfile ?? args.name;
  if (!path) throw new ModuleFailure('missing required argument: path');
  return path;
}

const str = { type: 'string', minLength: 1 };

export const replaceModule: ModuleDefinition<ReplaceArgs, ContentFileState, ContentFilePlanData> = {
  name: 'replace',
  argsSchema: {
    type: 'object',
    description: 'Replace every match of a regular expression in a file.',
    properties: {
      path: { ...str, description: 'the file to change (aliases: dest, destfile, name)' },
      dest: str,
      destfile: str,
      name: str,
      regexp: { type: 'string', minLength: 1, description: 'Python regular expression, multiline (^ and $ match at each line)' },
      replace: { type: 'string', default: '', description: 'replacement; \\1, \\g<1> and \\g<name> refer to groups' },
      after: { type: 'string', description: 'only replace after the first match of this expression' },
      before: { type: 'string', description: 'only replace before the last match of this expression' },
      encoding: { enum: ['utf-8', 'utf8'], default: 'utf-8', description: 'the file encoding (UTF-8 only)' },
      ...contentFileProperties,
    },
    required: ['regexp'],
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['destfile'] }, { required: ['name'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const path = pathOf(args);
    checkContentFileArgs({ ...args, dest: path });
    const file = await probeFile(ctx, path, { content: true, follow: true });
    return { dest: path, file, content: Buffer.alloc(0) };
  },
  plan(state, args): Plan<ContentFilePlanData> {
    const path = pathOf(args);
    const { file } = state;
    if (!file.exists) throw new ModuleFailure(`Path ${path} does not exist !`, { rc: 257 });
    if (file.type === 'directory') throw new ModuleFailure(`Path ${path} is a directory !`, { rc: 256 });
    const before = file.content?.toString('utf8') ?? '';
    const outcome = replaceInText(before, args);
    if (outcome.msg) return { changed: false, msg: outcome.msg, result: { msg: outcome.msg } };
    const plan = planContentFile({ ...state, content: Buffer.from(outcome.text) }, { ...args, dest: path });
    const msg = outcome.text !== before ? `${outcome.count} replacements made` : plan.changed ? 'ownership, perms or SE linux context changed' : '';
    return { ...plan, msg, result: { msg } };
  },
  apply(ctx, args, plan) {
    return applyContentFile(ctx, { ...args, dest: pathOf(args) }, plan);
  },
};
