// Turns ajv's errors into sentences an Ansible user understands, each with the path it is about
// so the caller can point at the exact file:line:col.
// Types only: the bundle never loads ajv (validators are precompiled, see validator-factory.ts).
import type { ErrorObject } from 'ajv';
import { didYouMean } from './suggest.ts';
import { COUNT_PATTERN } from './schemas/common.ts';
import type { PathSegment } from '../core/yaml-file.ts';
import { OCTAL_MODE_PATTERN } from '../modules/lib/mode.ts';

export interface Issue {
  path: PathSegment[];
  /** point at the key rather than the value (unknown keys) */
  atKey: boolean;
  message: string;
}

export interface Wording {
  /** what unknown keys are called: 'argument', 'play keyword', ... */
  noun: string;
}

export function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function labelOf(path: PathSegment[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true/false)',
  object: 'a mapping',
  array: 'a list',
  number: 'a number',
  integer: 'an integer',
  null: 'empty',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}

function quoteList(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function subject(path: PathSegment[], fallback: string): string {
  return path.length ? `'${labelOf(path)}'` : fallback;
}

function describeOne(err: ErrorObject, wording: Wording): Issue {
  const path = pathOf(err.instancePath);
  const who = subject(path, 'the value');
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const known = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const where = path.length ? ` in '${labelOf(path)}'` : '';
      return { path: [...path, name], atKey: true, message: `unknown ${wording.noun} '${name}'${where}${didYouMean(name, known)}` };
    }
    case 'required': {
      const where = path.length ? ` in '${labelOf(path)}'` : '';
      return { path, atKey: false, message: `missing required ${wording.noun} '${String(p.missingProperty)}'${where}` };
    }
    case 'type':
      return { path, atKey: false, message: `${who} must be ${typeWords(p.type)}` };
    case 'enum':
      return { path, atKey: false, message: `${who} must be one of ${quoteList(p.allowedValues as unknown[])}` };
    case 'const':
      return { path, atKey: false, message: `${who} must be ${quoteList([p.allowedValue])}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, atKey: false, message: `${who} must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return { path, atKey: false, message: Number(p.limit) === 1 ? `${who} must not be empty` : `${who} ${err.message}` };
    case 'pattern':
      if (p.pattern === COUNT_PATTERN) return { path, atKey: false, message: `${who} must be a whole number or a template, got ${JSON.stringify(err.data)}` };
      return { path, atKey: false, message: `${who} must match ${String(p.pattern)}` };
    case 'dependencies':
    case 'dependentRequired':
      return { path, atKey: false, message: `'${String(p.property)}' requires '${String(p.missingProperty)}'` };
    case 'not': {
      const forbidden = (err.schema as { required?: string[] } | undefined)?.required;
      if (forbidden?.length)
        return { path, atKey: false, message: `${quoteList(forbidden.map((k) => `'${k}'`)).replace(/, ([^,]*)$/, ' and $1')} are mutually exclusive` };
      return { path, atKey: false, message: `${who} ${err.message ?? 'is not allowed'}` };
    }
    default:
      return { path, atKey: false, message: `${who} ${err.message ?? 'is invalid'}` };
  }
}

/** anyOf/oneOf: summarise the alternatives into one sentence instead of one line per branch. */
function describeAlternatives(err: ErrorObject, branches: ErrorObject[], wording: Wording): Issue {
  const path = pathOf(err.instancePath);
  const required = branches.filter((b) => b.keyword === 'required' && b.instancePath === err.instancePath);
  if (required.length && required.length === branches.length) {
    const names = [...new Set(required.map((b) => `'${String((b.params as { missingProperty: string }).missingProperty)}'`))];
    return { path, atKey: false, message: `one of ${names.join(', ')} is required${path.length ? ` in '${labelOf(path)}'` : ''}` };
  }
  const types = branches.filter((b) => b.keyword === 'type' && b.instancePath === err.instancePath);
  if (types.length && types.length === branches.length) {
    const all = [...new Set(types.flatMap((b) => [(b.params as { type: unknown }).type].flat()))];
    return { path, atKey: false, message: `${subject(path, 'the value')} must be ${typeWords(all)}` };
  }
  const isModeCheck = (b: ErrorObject) =>
    (b.keyword === 'pattern' && (b.params as { pattern: string }).pattern === OCTAL_MODE_PATTERN) ||
    (b.keyword === 'maximum' && (b.params as { limit: number }).limit === 0o7777);
  if (branches.some(isModeCheck)) {
    return {
      path,
      atKey: false,
      message: `${subject(path, 'the value')} must be an octal mode ('0644') or a symbolic one ('u=rw,g=r'), got ${JSON.stringify(err.data ?? branches[0].data)}`,
    };
  }
  const described = branches.filter((b) => b.keyword !== 'if').map((b) => describeOne(b, wording).message);
  if (err.keyword === 'oneOf' && !branches.length) return { path, atKey: false, message: `${subject(path, 'the value')} matches more than one allowed form` };
  return { path, atKey: false, message: [...new Set(described)].join(', or ') || `${subject(path, 'the value')} ${err.message ?? 'is invalid'}` };
}

export function describeAjvErrors(errors: ErrorObject[], wording: Wording): Issue[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const consumed = new Set<ErrorObject>();
  const issues: Issue[] = [];
  for (const alt of alternatives) {
    const branches = errors.filter((e) => e !== alt && e.schemaPath.startsWith(`${alt.schemaPath}/`));
    branches.forEach((b) => consumed.add(b));
    issues.push(describeAlternatives(alt, branches, wording));
  }
  for (const err of errors) {
    if (consumed.has(err) || alternatives.includes(err) || err.keyword === 'if') continue;
    issues.push(describeOne(err, wording));
  }
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.message) && seen.add(i.message));
}
