// Reads one YAML file with positions kept, so every later error can name file:line:col.
// YAML 1.1 like Ansible (PyYAML): yes/no/on/off are booleans and 0644 is octal; but 'y'/'n',
// timestamps and 12:30 sexagesimal numbers stay strings, as users expect.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { readsSynchronously } from './read-mode.ts';
import { Document, LineCounter, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Node, Pair, ParsedNode, Tags } from 'yaml';

type ToJSContext = Parameters<YAMLSeq['toJSON']>[1];
import { InputError } from './errors.ts';
import type { SourceLocation } from './location.ts';
import { vaultTag } from './vault-tag.ts';
import { parseFast } from './yaml-fast.ts';
import type { YamlReadOptions } from './vault-tag.ts';
import { float, PyFloat } from './py-float.ts';
import { markUnsafe, noteUnsafeHolders, UnsafeText } from './unsafe.ts';

export type PathSegment = string | number;

export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** the text holds an `!unsafe` tag */
  unsafeTags?: boolean;
  /** which parser read it: js-yaml (core/yaml-fast.ts) or, for what that path does not model, `yaml` */
  reader?: 'js-yaml' | 'yaml';
  /** the whole document's plain value, made while reading: the first toJsChecked(src) takes it */
  plain?: unknown;
}

const DROPPED_TEST_SOURCES = new Set(['/^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/', '/^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/']);
const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);

/** Per read options, the tag list: the same for every file (the library asks once per document). */
const tagLists = new WeakMap<YamlReadOptions, Tags>();

function ansibleTags(opts: YamlReadOptions): (tags: Tags) => Tags {
  return (tags) => {
    const known = tagLists.get(opts);
    if (known) return known;
    const kept = tags.filter((t) => {
      if (typeof t !== 'object') return true;
      if (DROPPED_TAGS.has(t.tag)) return false;
      if (t.tag === FLOAT && !String((t as { test?: RegExp }).test).includes('inf')) return false; // PY_FLOAT instead
      const test = 'test' in t && t.test ? String(t.test) : '';
      if (DROPPED_TEST_SOURCES.has(test)) return false;
      return !test.includes('(?::[0-5]?[0-9])+'); // sexagesimal
    });
    const list = [...kept, pyBool(true), pyBool(false), PY_FLOAT, PY_FLOAT_TAGGED, vaultTag(opts), UNSAFE_TAG, UNSAFE_SEQ_TAG, UNSAFE_MAP_TAG];
    tagLists.set(opts, list);
    return list;
  };
}

/** Ansible's `!unsafe` marks a string as not to be templated: boxed as UnsafeText (core/unsafe.ts). */
const UNSAFE_TAG = { tag: '!unsafe', identify: (v: unknown) => v instanceof UnsafeText, resolve: (text: string) => new UnsafeText(text) };

/** `!unsafe` on a list or dict (PyYAML's constructor wraps whatever it built): the whole value is marked. */
class UnsafeSeq extends YAMLSeq {
  override toJSON(_?: unknown, ctx?: ToJSContext): unknown[] {
    return markUnsafe(super.toJSON(_, ctx)) as unknown[];
  }
}
class UnsafeMap extends YAMLMap {
  override toJSON(_?: unknown, ctx?: ToJSContext): unknown {
    return markUnsafe(super.toJSON(_, ctx, Object as never));
  }
}
const UNSAFE_SEQ_TAG = { tag: '!unsafe', collection: 'seq' as const, nodeClass: UnsafeSeq };
const UNSAFE_MAP_TAG = { tag: '!unsafe', collection: 'map' as const, nodeClass: UnsafeMap };

const FLOAT = 'tag:yaml.org,2002:float';

/**
 * PyYAML's float: a point is needed (`1e3` is a string, `1.0e+3` a float, `1.` is 1.0), and a
 * whole value is boxed as PyFloat so `2.0` stays a float, printing as `2.0` as in Ansible.
 */
const PY_FLOAT = {
  identify: (v: unknown) => v instanceof PyFloat,
  default: true,
  tag: FLOAT,
  test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+][0-9]+)?$/,
  resolve: (text: string) => float(Number(text.replace(/_/g, ''))),
};

/** `!!float 4`: any number text, tagged. */
const PY_FLOAT_TAGGED = {
  tag: FLOAT,
  resolve: (text: string, onError: (message: string) => void) => {
    const n = Number(text.replace(/_/g, ''));
    if (Number.isNaN(n) && !/nan/i.test(text)) onError(`not a float: ${text}`);
    return float(n);
  },
};

/** Aliases (merges included) a document may expand; a "billion laughs" bomb exceeds it fast. */
const MAX_ALIAS_COUNT = 10_000;

function pyBool(value: boolean) {
  return {
    identify: (v: unknown) => v === value,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: value ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => value,
  };
}

export function parseYamlText(text: string, file: string, opts: YamlReadOptions): YamlFile {
  const lineCounter = new LineCounter();
  // A UTF-8 byte order mark is not content (PyYAML skips it too).
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const options = { version: '1.1', customTags: ansibleTags(opts), merge: true, uniqueKeys: false } as const;
  const fast = process.env.WARREN_YAML_PARSER === 'yaml' ? undefined : parseFast(body, new Document(undefined, options), lineCounter, MAX_ALIAS_COUNT);
  // js-yaml refuses a repeated key itself (the `yaml` path then reports it where checkUniqueKeys does)
  if (fast) return { file, doc: fast.doc, lineCounter, unsafeTags: false, reader: 'js-yaml', plain: fast.plain };
  // uniqueKeys is checked below in linear time: the library's check is quadratic per mapping.
  const doc = parseDocument(body, { lineCounter, ...options });
  // An unknown tag (`!vualt |`) is a warning to the library and an error to Ansible.
  const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (first) {
    const [line, col] = first.linePos ? [first.linePos[0].line, first.linePos[0].col] : [1, 1];
    const reason = first.message.split(' at line ')[0].split('\n')[0];
    const prefix = first.code === 'TAG_RESOLVE_FAILED' ? '' : 'YAML syntax error: ';
    throw new InputError(`${prefix}${reason}`, { file, line, col });
  }
  const src: YamlFile = { file, doc, lineCounter, unsafeTags: body.includes('!unsafe'), reader: 'yaml' };
  checkUniqueKeys(src);
  return src;
}

function checkUniqueKeys(src: YamlFile): void {
  visit(src.doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const name = String(key.value);
        if (name === '<<') continue; // merge keys may repeat
        if (seen.has(name)) throw new InputError('YAML syntax error: Map keys must be unique', locOfNode(src, key));
        seen.add(name);
      }
    },
  });
}

/** Plain JS of the whole document, or of one node; too many aliases (a bomb) is an input error. */
export function toJsChecked(src: YamlFile, node?: unknown): unknown {
  try {
    if (node === null) return null;
    if (node === undefined && 'plain' in src) {
      const { plain } = src;
      delete src.plain; // later callers get fresh objects, as from toJS
      return plain;
    }
    const value = node === undefined ? src.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) : (node as Node).toJS(src.doc, { maxAliasCount: MAX_ALIAS_COUNT });
    // the lists and dicts holding `!unsafe` text are noted, so reading them unboxes it
    if (src.unsafeTags) noteUnsafeHolders(value);
    return value;
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let alias: Node | undefined;
    visit(src.doc, { Alias: (_, n) => ((alias = n), visit.BREAK) });
    throw new InputError(`YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?): ${err.message}`, locOfNode(src, alias));
  }
}

export async function readYamlFile(file: string, opts: YamlReadOptions): Promise<YamlFile> {
  return parseYamlText(await readText(file), file, opts);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readsSynchronously() ? readFileSync(file) : await readFile(file); // see core/read-mode.ts
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new InputError('not valid UTF-8', { file, ...invalidUtf8Position(bytes) });
  }
}

/** Line and column of the first byte sequence that is not UTF-8. */
function invalidUtf8Position(bytes: Buffer): { line: number; col: number } {
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      UTF8.decode(bytes.subarray(start, i));
    } catch {
      const text = bytes.subarray(start, i).toString('utf8');
      return { line, col: text.indexOf('\uFFFD') + 1 };
    }
    start = i + 1;
    line++;
  }
  return { line: 1, col: 1 };
}

export function locOfNode(src: YamlFile, node: Node | null | undefined): SourceLocation {
  const offset = (node as ParsedNode | undefined)?.range?.[0] ?? 0;
  const { line, col } = src.lineCounter.linePos(offset);
  return { file: src.file, line, col };
}

/** The map pair whose key is `key`, if any. */
export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

/** The node at `path` below `root`, or the deepest existing ancestor; `atKey` points at a map key. */
export function nodeAt(root: unknown, path: PathSegment[], atKey = false): Node | undefined {
  let node = root as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = pairOf(node, String(seg));
      if (!pair) return node;
      node = (atKey && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)) as Node;
    } else if ((isSeq(node) && typeof seg === 'number') || (isSeq(node) && /^\d+$/.test(String(seg)))) {
      const item = (node as { items: unknown[] }).items[Number(seg)] as Node | undefined;
      if (!item) return node;
      node = item;
    } else return node;
  }
  return node;
}

export function locAt(src: YamlFile, root: unknown, path: PathSegment[], atKey = false): SourceLocation {
  return locOfNode(src, nodeAt(root, path, atKey));
}

/** Plain JS value of a node (vault tags already decrypted). */
export function jsOf(src: YamlFile, node: unknown): unknown {
  if (node === null || node === undefined) return null;
  return toJsChecked(src, node);
}
