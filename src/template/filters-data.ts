// Conversion filters: types, JSON/YAML (Python's json.dumps and PyYAML's layout), base64,
// hashes, password_hash, versions and paths.
import { createHash, randomInt } from 'node:crypto';
import { homedir } from 'node:os';
import { posix, relative, resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import YAML from 'yaml';
import { encrypt } from 'unixcrypt';
import { isPlainRecord, isTruthy, lengthOf, toBool, toFloat, toInt, typeName } from './convert.ts';
import { ExpressionError, Undefined, type Kw } from './expression-values.ts';
import { pyStr } from './python-text.ts';
import { float, floatRepr, intText, isFloat, num, PyFloat } from './python-numbers.ts';
import type { Filter } from './filters-lists.ts';

function jsonString(text: string, ascii: boolean): string {
  const quoted = JSON.stringify(text);
  return ascii ? quoted.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : quoted;
}

/** Python's json.dumps: `{"a": 1, "b": [1, 2]}`, or indented with sorted keys. */
export function pyJson(value: unknown, opts: { indent?: number; sortKeys?: boolean; ascii?: boolean } = {}, depth = 0): string {
  const ascii = opts.ascii ?? true;
  if (value === null || value === undefined || value instanceof Undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : Number.isNaN(value) ? 'NaN' : '-Infinity';
    return Number.isInteger(value) ? intText(value) : floatRepr(value);
  }
  if (typeof value === 'string') return jsonString(value, ascii);
  const indent = opts.indent;
  const open = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
  const close = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
  const sep = indent === undefined ? ', ' : `,${open}`;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${open}${value.map((v) => pyJson(v, opts, depth + 1)).join(sep)}${close}]`;
  }
  if (isPlainRecord(value)) {
    const keys = Object.keys(value);
    if (!keys.length) return '{}';
    if (opts.sortKeys) keys.sort();
    return `{${open}${keys.map((k) => `${jsonString(k, ascii)}: ${pyJson(value[k], opts, depth + 1)}`).join(sep)}${close}}`;
  }
  return jsonString(String(value), ascii);
}

/** PyYAML with default_flow_style=None: collections of scalars only are written inline. */
function toYaml(value: unknown, indent: number, nice: boolean): string {
  const doc = new YAML.Document(yamlFloats(value));
  if (!nice) {
    YAML.visit(doc, {
      Map: (_key, node) => {
        if (node.items.every((pair) => YAML.isScalar(pair.value))) node.flow = true;
      },
      Seq: (_key, node) => {
        if (node.items.every((item) => YAML.isScalar(item))) node.flow = true;
      },
    });
  }
  return doc.toString({ indent, indentSeq: false, lineWidth: 0, flowCollectionPadding: false });
}

/** A whole float as a YAML scalar that keeps its `.0` (PyYAML writes `4.0`). */
function yamlFloats(value: unknown): unknown {
  if (value instanceof PyFloat) {
    const scalar = new YAML.Scalar(value.value);
    scalar.minFractionDigits = 1;
    return scalar;
  }
  if (Array.isArray(value)) return value.map(yamlFloats);
  if (isPlainRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, yamlFloats(v)]));
  return value;
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'blake2b', 'sha3_256', 'sha3_512']);

function hashOf(value: unknown, algorithm: string): string {
  const name = algorithm === 'blake2b' ? 'blake2b512' : algorithm.replace('_', '-');
  if (!HASHES.has(algorithm)) throw new ExpressionError(`warren does not support the hash type '${algorithm}'`);
  return createHash(name).update(pyStr(value), 'utf8').digest('hex');
}

const SALT_CHARS = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function passwordHash(value: unknown, args: unknown[], kwargs: Kw): string {
  const scheme = String(args[0] ?? kwargs.hashtype ?? 'sha512');
  const prefix = scheme === 'sha512' ? '$6$' : scheme === 'sha256' ? '$5$' : undefined;
  if (!prefix) throw new ExpressionError(`warren does not support the password_hash type '${scheme}' (sha512 and sha256 are supported)`);
  const given = args[1] ?? kwargs.salt;
  const salt = given !== undefined && given !== null ? String(given) : Array.from({ length: 16 }, () => SALT_CHARS[randomInt(SALT_CHARS.length)]).join('');
  const rounds = args[2] ?? kwargs.rounds;
  return encrypt(pyStr(value), `${prefix}${rounds !== undefined && rounds !== null ? `rounds=${Number(rounds)}$` : ''}${salt}`);
}

function versionParts(version: string): Array<number | string> {
  return (version.match(/\d+|[a-z]+/gi) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    if (typeof p === 'string' && typeof q === 'string') return p < q ? -1 : 1;
    return typeof p === 'number' ? 1 : -1;
  }
  return 0;
}

const VERSION_OPS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0,
  eq: (c) => c === 0,
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
};

export function versionTest(value: unknown, args: unknown[], kwargs: Kw): boolean {
  const other = args[0] ?? kwargs.version;
  const op = String(args[1] ?? kwargs.operator ?? 'eq');
  const check = VERSION_OPS[op];
  if (!check) throw new ExpressionError(`version: invalid operator '${op}'`);
  if (other === undefined || other === '') throw new ExpressionError('version: a version to compare with is required');
  return check(compareVersions(pyStr(value), pyStr(other)));
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function typeDebug(value: unknown): string {
  const name = typeName(value);
  return { string: 'str', none: 'NoneType', int: 'int', float: 'float', bool: 'bool', list: 'list', dict: 'dict', tuple: 'tuple' }[name] ?? name;
}

/** Python 3 round(): halves go to the even neighbour (round(2.5) is 2). */
function pyRound(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const dataFilters: Record<string, Filter> = {
  bool: (v) => (v === null ? false : toBool(v)),
  int: (raw, args, kwargs) => {
    const v = num(raw);
    const fallback = Number(args[0] ?? kwargs.default ?? 0);
    const base = Number(args[1] ?? kwargs.base ?? 10);
    if (typeof v === 'boolean' || typeof v === 'number') return toInt(v);
    if (typeof v !== 'string') return fallback;
    const t = v.trim();
    if (base !== 10) {
      const n = Number.parseInt(t.replace(/^0[xob]/i, ''), base);
      return Number.isNaN(n) ? fallback : n;
    }
    return NUMERIC.test(t) ? toInt(t) : fallback;
  },
  float: (raw, args, kwargs) => {
    const v = num(raw);
    const fallback = Number(args[0] ?? kwargs.default ?? 0);
    if (typeof v === 'boolean' || typeof v === 'number') return float(toFloat(v));
    return float(typeof v === 'string' && NUMERIC.test(v.trim()) ? toFloat(v) : fallback);
  },
  string: (v) => pyStr(v),
  length: (v) => lengthOf(v),
  count: (v) => lengthOf(v),
  abs: (v) => (isFloat(v) ? float(Math.abs(Number(v))) : Math.abs(Number(v))),
  // Jinja: `common` is Python's round() (an int stays an int), ceil/floor always give a float.
  round: (v, args, kwargs) => {
    const precision = Number(num(args[0] ?? kwargs.precision ?? 0));
    const method = String(args[1] ?? kwargs.method ?? 'common');
    const f = 10 ** precision;
    const fn = method === 'ceil' ? Math.ceil : method === 'floor' ? Math.floor : pyRound;
    const result = fn(Number(v) * f) / f;
    return method === 'common' && !isFloat(v) ? result : float(result);
  },
  ternary: (v, [yes, no, none]) => (v === null && none !== undefined ? none : isTruthy(v) ? yes : no),
  type_debug: (v) => typeDebug(v),
  to_json: (v, _a, kwargs) =>
    pyJson(v, { indent: kwargs.indent as number | undefined, sortKeys: kwargs.sort_keys === true, ascii: kwargs.ensure_ascii !== false }),
  to_nice_json: (v, [indent], kwargs) =>
    pyJson(v, { indent: Number(indent ?? kwargs.indent ?? 4), sortKeys: kwargs.sort_keys !== false, ascii: kwargs.ensure_ascii !== false }),
  from_json: (v) => {
    try {
      return JSON.parse(pyStr(v));
    } catch (error) {
      throw new ExpressionError(`from_json: ${(error as Error).message}`);
    }
  },
  to_yaml: (v, _a, kwargs) => toYaml(v, Number(kwargs.indent ?? 2), false),
  to_nice_yaml: (v, [indent], kwargs) => toYaml(v, Number(indent ?? kwargs.indent ?? 4), true),
  from_yaml: (v) => (typeof v === 'string' ? YAML.parse(v) : v),
  from_yaml_all: (v) => YAML.parseAllDocuments(pyStr(v)).map((d) => d.toJS()),
  b64encode: (v) => Buffer.from(pyStr(v), 'utf8').toString('base64'),
  b64decode: (v) => Buffer.from(pyStr(v), 'base64').toString('utf8'),
  hash: (v, [algorithm]) => hashOf(v, String(algorithm ?? 'sha1')),
  checksum: (v) => hashOf(v, 'sha1'),
  md5: (v) => hashOf(v, 'md5'),
  sha1: (v) => hashOf(v, 'sha1'),
  password_hash: passwordHash,
  version: (v, args, kwargs) => versionTest(v, args, kwargs),
  version_compare: (v, args, kwargs) => versionTest(v, args, kwargs),
  basename: (v) => posix.basename(pyStr(v)),
  dirname: (v) => posix.dirname(pyStr(v)),
  expanduser: (v) => pyStr(v).replace(/^~(?=\/|$)/, homedir()),
  realpath: (v) => {
    try {
      return realpathSync(pyStr(v));
    } catch {
      return resolve(pyStr(v));
    }
  },
  relpath: (v, [start]) => relative(start === undefined ? process.cwd() : pyStr(start), pyStr(v)),
  path_join: (v) => (Array.isArray(v) ? v.map(pyStr).reduce((a, b) => (b.startsWith('/') ? b : posix.join(a, b))) : pyStr(v)),
  items: (v) => (isPlainRecord(v) ? Object.entries(v) : []),
  dict: (v) => Object.fromEntries(v as Array<[string, unknown]>),
};
