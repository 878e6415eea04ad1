// `-e` values: key=value pairs, JSON/YAML text or @file. A file may be vaulted (either format) or
// hold `!vault` values, so `loadExtraVars` reads files the way vars_files are read: decrypted, and
// every decrypted value registered as a secret.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { InputError, OptionsError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import type { LoadOptions } from './options.ts';
import { loadVarsFile } from './vars-file.ts';

/** Splits `a=1 b="two words"` like a shell would (quotes group, backslash escapes). */
export function splitKeyValueText(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) throw new OptionsError(`-e: unbalanced quote in '${text}'`);
  if (inToken) out.push(current);
  return out;
}

function parseStructured(text: string, source: string): Vars {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new InputError(`${source}: invalid extra vars: ${(err as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${source}: extra vars must be a mapping of names to values`);
  return value as Vars;
}

/** One -e value: `@file`, JSON/YAML text, or key=value pairs (values stay strings, like Ansible). */
export function parseExtraVarsArg(arg: string, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Vars {
  const text = arg.trim();
  if (text.startsWith('@')) {
    const path = text.slice(1);
    let content: string;
    try {
      content = readFile(path);
    } catch (err) {
      throw new OptionsError(`-e @${path}: cannot read file: ${(err as Error).message}`);
    }
    return parseStructured(content, path);
  }
  if (text.startsWith('{') || text.startsWith('[')) return parseStructured(text, '-e');
  const vars: Vars = {};
  for (const token of splitKeyValueText(text)) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new OptionsError(`-e: '${token}' is not key=value, JSON, YAML or @file`);
    vars[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return vars;
}

export function parseExtraVars(args: string[], readFile?: (path: string) => string): Vars {
  return Object.assign({}, ...args.map((arg) => parseExtraVarsArg(arg, readFile)));
}

/** All -e values in order (later ones win), `@file` read with the vault and secret registry. */
export async function loadExtraVars(args: string[], opts: LoadOptions): Promise<Vars> {
  let vars: Vars = {};
  for (const arg of args) {
    const text = arg.trim();
    if (!text.startsWith('@')) {
      vars = { ...vars, ...parseExtraVarsArg(text) };
      continue;
    }
    vars = { ...vars, ...(await loadVarsFile(text.slice(1), opts)) };
  }
  return vars;
}
