// Ansible's free-form arguments: `command: ls -l chdir=/tmp` and `file: path=/x state=touch`.
import { InputError } from '../core/errors.ts';
import type { ModuleDefinition } from '../modules/module.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Vars } from '../core/vars.ts';
import { splitArgs } from './split-args.ts';

interface Token {
  raw: string;
  start: number;
  end: number;
}

/** Splits on whitespace outside quotes, keeping each token's raw text. */
export function splitTokens(text: string, loc: SourceLocation): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let quote = '';
    let jinja = 0; // inside {{ }} or {% %}: spaces do not split (Ansible's split_args)
    while (i < text.length && (quote || jinja > 0 || !/\s/.test(text[i]))) {
      const ch = text[i];
      const pair = text.slice(i, i + 2);
      if (!quote && (pair === '{{' || pair === '{%')) {
        jinja++;
        i += 2;
        continue;
      }
      if (!quote && jinja > 0 && (pair === '}}' || pair === '%}')) {
        jinja--;
        i += 2;
        continue;
      }
      if (quote) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      i++;
    }
    if (quote) throw new InputError(`unbalanced ${quote} quote in arguments: ${text}`, loc);
    tokens.push({ raw: text.slice(start, i), start, end: i });
  }
  return tokens;
}

/** Ansible's unquote: only a value quoted as a whole loses its quotes (`var=d['c']` keeps them). */
function unquote(raw: string): string {
  const quote = raw[0];
  const whole = raw.length > 1 && (quote === '"' || quote === "'") && raw[raw.length - 1] === quote && raw[raw.length - 2] !== '\\';
  if (!whole) return raw;
  const inner = raw.slice(1, -1);
  return quote === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
}

const KV = /^([A-Za-z_][A-Za-z0-9_]*)=/;

function schemaTypes(def: ModuleDefinition, key: string): string[] {
  const props = (def.argsSchema.properties ?? {}) as Record<string, { type?: string | string[] }>;
  const t = props[key]?.type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** key=value text is all strings; turn 'yes'/'3' into what the schema expects, as Ansible does. */
function coerce(def: ModuleDefinition, key: string, value: string): unknown {
  const types = schemaTypes(def, key);
  if (types.includes('string') || !types.length) return value;
  if (types.includes('boolean') && /^(yes|no|true|false|on|off)$/i.test(value)) return /^(yes|true|on)$/i.test(value);
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

export function knownArgs(def: ModuleDefinition): string[] {
  return Object.keys((def.argsSchema.properties ?? {}) as object);
}

/** `{{ name }}=value` (set_fact with a computed name): the key is the text before the first `=`
 * outside {{ }}, rendered by the runner. Shaped like a KV match. */
function templatedKey(raw: string): [string, string] | null {
  if (!raw.startsWith('{{')) return null;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const pair = raw.slice(i, i + 2);
    if (pair === '{{') depth++;
    else if (pair === '}}') depth--;
    else if (raw[i] === '=' && depth === 0) return [raw.slice(0, i + 1), raw.slice(0, i)];
    if (pair === '{{' || pair === '}}') i++;
  }
  return null;
}

/** Parses a module's string argument into an args mapping. */
export function parseFreeForm(def: ModuleDefinition, text: string, loc: SourceLocation): Vars {
  const known = new Set(knownArgs(def));
  const args: Vars = {};
  if (def.freeForm) {
    // the words as Ansible splits them (line continuations joined), rejoined as its join_args does
    let rest = '';
    for (const word of splitArgs(text, loc)) {
      const m = KV.exec(word);
      if (m && known.has(m[1]) && m[1] !== def.freeForm) args[m[1]] = coerce(def, m[1], unquote(word.slice(m[0].length).trim()));
      else rest += rest === '' || rest.endsWith('\n') ? word : ` ${word}`;
    }
    if (rest.trim()) args[def.freeForm] = rest;
    return args;
  }
  for (const tok of splitTokens(text, loc)) {
    const m = KV.exec(tok.raw) ?? templatedKey(tok.raw);
    if (!m) throw new InputError(`${def.name}: free-form text '${tok.raw}' is not accepted; write key=value pairs or a mapping`, loc);
    args[m[1]] = coerce(def, m[1], unquote(tok.raw.slice(m[0].length)));
  }
  return args;
}
