// Ansible's lookup plugins that run on the controller: lookup('file'|'env'|'template'|
// 'first_found'|'vars'|'pipe'|'fileglob'|'items'|'password'|...) and query()/q().
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { isPlainRecord, toBool } from './convert.ts';
import type { EvalContext, Scope } from './eval-context.ts';
import { ExpressionError, Undefined, type Kw } from './expression-values.ts';
import { readKey } from './lookup.ts';
import { pyStr } from './python-text.ts';

type Lookup = (terms: unknown[], kwargs: Kw, ctx: EvalContext) => unknown[];

/** Where Ansible looks for a relative file: the role's `sub/` and dir, then the playbook's. */
export function searchPaths(scope: Scope, sub: string): string[] {
  const dirs: string[] = [];
  const rolePath = readKey(scope, 'role_path');
  if (rolePath.found && typeof rolePath.value === 'string') dirs.push(join(rolePath.value, sub), rolePath.value);
  const playbookDir = readKey(scope, 'playbook_dir');
  const base = playbookDir.found && typeof playbookDir.value === 'string' ? playbookDir.value : process.cwd();
  dirs.push(join(base, sub), base);
  return dirs;
}

export function findFile(scope: Scope, sub: string, name: string): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  return searchPaths(scope, sub)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
}

function flatTerms(terms: unknown[]): unknown[] {
  return terms.flatMap((term) => (Array.isArray(term) ? term : [term]));
}

function fileLookup(terms: unknown[], kwargs: Kw, ctx: EvalContext): unknown[] {
  return flatTerms(terms).map((term) => {
    const path = findFile(ctx.scope, 'files', pyStr(term));
    if (!path) throw new ExpressionError(`could not locate file in lookup: ${pyStr(term)}`);
    const text = readFileSync(path, 'utf8');
    const rstrip = kwargs.rstrip === undefined ? true : toBool(kwargs.rstrip);
    const lstrip = kwargs.lstrip === undefined ? false : toBool(kwargs.lstrip);
    let out = rstrip ? text.replace(/\s+$/, '') : text;
    if (lstrip) out = out.replace(/^\s+/, '');
    return out;
  });
}

function templateLookup(terms: unknown[], _kwargs: Kw, ctx: EvalContext): unknown[] {
  return flatTerms(terms).map((term) => {
    const path = findFile(ctx.scope, 'templates', pyStr(term));
    if (!path) throw new ExpressionError(`the template file ${pyStr(term)} could not be found for the lookup`);
    if (!ctx.renderFile) throw new ExpressionError("lookup('template') is not available here");
    return ctx.renderFile(path, ctx.scope);
  });
}

function firstFound(terms: unknown[], kwargs: Kw, ctx: EvalContext): unknown[] {
  const files: string[] = [];
  const paths: string[] = [];
  for (const term of flatTerms(terms)) {
    if (isPlainRecord(term)) {
      files.push(...splitNames(term.files));
      paths.push(...splitNames(term.paths));
    } else {
      files.push(pyStr(term));
    }
  }
  files.push(...splitNames(kwargs.files));
  paths.push(...splitNames(kwargs.paths));
  for (const name of files) {
    const candidates = paths.length ? paths.map((dir) => resolve(dir, name)) : [];
    const found = candidates.find((path) => existsSync(path)) ?? (paths.length ? undefined : findFile(ctx.scope, 'files', name));
    if (found) return [found];
  }
  if (kwargs.skip === true || toBool(kwargs.skip)) return [];
  throw new ExpressionError('No file was found when using first_found.');
}

function splitNames(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(splitNames);
  return String(value)
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function varsLookup(terms: unknown[], kwargs: Kw, ctx: EvalContext): unknown[] {
  return flatTerms(terms).map((term) => {
    const read = readKey(ctx.scope, pyStr(term));
    if (read.found) return read.value;
    if (kwargs.default !== undefined) return kwargs.default;
    return new Undefined(pyStr(term));
  });
}

function pipeLookup(terms: unknown[]): unknown[] {
  return flatTerms(terms).map((term) => {
    try {
      return execFileSync('/bin/sh', ['-c', pyStr(term)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new ExpressionError(`lookup_plugin.pipe(${pyStr(term)}) returned ${status ?? 'an error'}`);
    }
  });
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function fileglob(terms: unknown[], _kwargs: Kw, ctx: EvalContext): unknown[] {
  const out: string[] = [];
  for (const term of flatTerms(terms)) {
    const pattern = pyStr(term);
    const dirs = isAbsolute(pattern) ? [dirname(pattern)] : searchPaths(ctx.scope, 'files').map((d) => join(d, dirname(pattern)));
    for (const dir of dirs) {
      if (!existsSync(dir)) continue;
      const re = globToRegExp(basename(pattern));
      const hits = readdirSync(dir)
        .filter((name) => re.test(name))
        .map((name) => join(dir, name))
        .filter((p) => statSync(p).isFile());
      if (hits.length) {
        out.push(...hits.sort());
        break;
      }
    }
  }
  return out;
}

const CHARSETS: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

function passwordLookup(terms: unknown[], kwargs: Kw, ctx: EvalContext): unknown[] {
  return flatTerms(terms).map((term) => {
    const [path, ...params] = pyStr(term).trim().split(/\s+/);
    const options: Kw = { ...kwargs };
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq > 0) options[param.slice(0, eq)] = param.slice(eq + 1);
    }
    const length = options.length === undefined ? 20 : Number(options.length);
    const chars = splitNames(options.chars ?? 'ascii_letters,digits,.,:-_')
      .map((c) => CHARSETS[c] ?? c)
      .join('');
    const base = readKey(ctx.scope, 'playbook_dir');
    const file = path === '/dev/null' ? undefined : resolve(base.found ? String(base.value) : process.cwd(), path);
    if (file && existsSync(file))
      return readFileSync(file, 'utf8')
        .split('\n')[0]
        .replace(/ salt=\S*$/, '');
    const secret = Array.from({ length }, () => chars[randomInt(chars.length)]).join('');
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    }
    return secret;
  });
}

function inventoryHostnames(terms: unknown[], _kwargs: Kw, ctx: EvalContext): unknown[] {
  const groups = readKey(ctx.scope, 'groups');
  const table = groups.found && isPlainRecord(groups.value) ? (groups.value as Record<string, string[]>) : {};
  const out: string[] = [];
  for (const pattern of flatTerms(terms).flatMap((t) => pyStr(t).split(/[:,]/))) {
    const name = pattern.trim();
    const hosts = table[name] ?? (name === 'all' ? table.all : undefined) ?? (Object.values(table).some((h) => h.includes(name)) ? [name] : []);
    for (const host of hosts) if (!out.includes(host)) out.push(host);
  }
  return out;
}

const LOOKUPS: Record<string, Lookup> = {
  file: fileLookup,
  env: (terms, kwargs) => flatTerms(terms).map((t) => process.env[pyStr(t)] ?? kwargs.default ?? ''),
  template: templateLookup,
  first_found: firstFound,
  vars: varsLookup,
  pipe: pipeLookup,
  fileglob,
  items: (terms) => flatTerms(terms),
  list: (terms) => terms,
  password: passwordLookup,
  inventory_hostnames: inventoryHostnames,
  lines: (terms) => pipeLookup(terms).flatMap((text) => String(text).split('\n')),
  dict: (terms) => terms.flatMap((t) => (isPlainRecord(t) ? Object.entries(t).map(([key, value]) => ({ key, value })) : [])),
  indexed_items: (terms) => flatTerms(terms).map((item, i) => [i, item]),
  together: (terms) =>
    Array.from({ length: Math.max(0, ...terms.map((t) => (Array.isArray(t) ? t.length : 0))) }, (_v, i) =>
      terms.map((t) => (Array.isArray(t) ? (t[i] ?? null) : null)),
    ),
  nested: (terms) => terms.reduce<unknown[][]>((acc, t) => acc.flatMap((prefix) => (Array.isArray(t) ? t : [t]).map((x) => [...prefix, x])), [[]]),
  random_choice: (terms) => {
    const all = flatTerms(terms);
    return all.length ? [all[randomInt(all.length)]] : [];
  },
};

export const LOOKUP_NAMES: ReadonlySet<string> = new Set([...Object.keys(LOOKUPS), ...Object.keys(LOOKUPS).map((n) => `ansible.builtin.${n}`)]);

type TermRenderer = (text: string, scope: EvalContext['scope'], renderFile: EvalContext['renderFile']) => unknown;
let renderTerm: TermRenderer | undefined;
/** jinja.ts registers its value renderer here (it imports this module, not the other way). */
export function useTermRenderer(fn: TermRenderer): void {
  renderTerm = fn;
}

/** Ansible templates a lookup's string terms once more (`lookup('pipe', '{{ cmd }} -v')`). */
function renderedTerms(terms: unknown[], ctx: EvalContext): unknown[] {
  if (!renderTerm) return terms;
  const render = renderTerm;
  return terms.map((t) => (typeof t === 'string' && (t.includes('{{') || t.includes('{%')) ? render(t, ctx.scope, ctx.renderFile) : t));
}

export function runLookup(name: string, rawTerms: unknown[], kwargs: Kw, ctx: EvalContext, wantList: boolean): unknown {
  const plugin = LOOKUPS[name.replace(/^ansible\.builtin\./, '')];
  if (!plugin) throw new ExpressionError(`warren does not support the lookup '${name}'`);
  const terms = renderedTerms(rawTerms, ctx);
  const { wantlist, errors, ...rest } = kwargs;
  let results: unknown[];
  try {
    results = plugin(terms, rest, ctx);
  } catch (error) {
    if (errors === 'ignore') return wantList ? [] : null;
    throw error;
  }
  if (wantList || wantlist === true) return results;
  if (results.every((r) => typeof r === 'string')) return results.join(',');
  return results.length === 1 ? results[0] : results;
}
