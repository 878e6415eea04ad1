// A module's documentation from its argsSchema (the schema the loader validates against) plus
// the notes in doc-notes.ts.
import type { ModuleDefinition } from '../modules/module.ts';
import { MODULE_NOTES } from './doc-notes.ts';

export interface ArgDoc {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  choices?: unknown[];
  aliases: string[];
  /** e.g. 'one of path, dest, name is required' */
  note?: string;
}

export interface ModuleDoc {
  name: string;
  summary: string;
  freeForm?: string;
  controllerOnly: boolean;
  check: string;
  checkNote?: string;
  diff: string;
  arguments: ArgDoc[];
  /** groups of arguments of which at least one must be given */
  requireOneOf: string[][];
  example?: string;
}

type Schema = Record<string, unknown>;

function typeOf(s: Schema): string {
  if (Array.isArray(s.enum)) return [...new Set(s.enum.map((v) => (typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v)))].join('|');
  const t = s.type;
  const names: Record<string, string> = { string: 'str', boolean: 'bool', integer: 'int', number: 'float', object: 'dict', array: 'list', null: 'null' };
  const list = (Array.isArray(t) ? t : t === undefined ? [] : [t]).map((x) => names[String(x)] ?? String(x));
  if (list.includes('list') && s.items && typeof s.items === 'object') {
    const inner = typeOf(s.items as Schema);
    if (inner !== 'any') list[list.indexOf('list')] = `list of ${inner}`;
  }
  if (!list.length && Array.isArray(s.anyOf ?? s.oneOf)) return [...new Set(((s.anyOf ?? s.oneOf) as Schema[]).map(typeOf))].join('|');
  return list.length ? list.join('|') : 'any';
}

/** `anyOf: [{required:[a]}, {required:[b]}]` at the top: one of a, b must be given. */
function oneOfGroups(schema: Schema): string[][] {
  const groups: string[][] = [];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const alts = schema[key];
    if (!Array.isArray(alts)) continue;
    const names = alts
      .map((a) => ((a as Schema).required as string[] | undefined) ?? [])
      .filter((r) => r.length === 1)
      .map((r) => r[0]!);
    if (names.length === alts.length && names.length) groups.push(names);
  }
  return groups;
}

export function moduleDoc(def: ModuleDefinition): ModuleDoc {
  const schema = def.argsSchema as Schema;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const notes = MODULE_NOTES[def.name];
  const aliasOf = notes?.aliases ?? {};
  const requireOneOf = oneOfGroups(schema);
  const args: ArgDoc[] = Object.keys(props)
    .filter((name) => !(name in aliasOf) || !(aliasOf[name]! in props))
    .sort()
    .map((name) => {
      const s = props[name]!;
      const aliases = Object.keys(aliasOf).filter((a) => aliasOf[a] === name);
      const group = requireOneOf.find((g) => g.includes(name));
      const onlyAliases = !!group && group.every((g) => g === name || aliases.includes(g));
      return {
        name,
        type: typeOf(s),
        required: required.has(name) || onlyAliases,
        ...(s.default !== undefined ? { default: s.default } : {}),
        ...(Array.isArray(s.enum) ? { choices: s.enum } : {}),
        aliases,
        ...(group && !onlyAliases ? { note: `one of ${group.join(', ')} is required` } : {}),
      };
    });
  return {
    name: def.name,
    summary: notes?.summary ?? '',
    ...(def.freeForm ? { freeForm: def.freeForm } : {}),
    controllerOnly: !!def.controllerOnly,
    check: notes?.check ?? 'full',
    ...(notes?.checkNote ? { checkNote: notes.checkNote } : {}),
    diff: notes?.diff ?? 'none',
    arguments: args,
    requireOneOf,
    ...(notes?.example ? { example: notes.example } : {}),
  };
}
