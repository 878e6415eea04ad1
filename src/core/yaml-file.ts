// Reads one YAML file with positions kept, so every later error can name file:line:col.
// YAML 1.1 like Ansible (PyYAML): yes/no/on/off are booleans and 0644 is octal; but 'y'/'n',
// timestamps and 12:30 sexagesimal numbers stay strings, as users expect.
import { readFile } from 'node:fs/promises';
import { Document, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair, ParsedNode, Tags } from 'yaml';
import { InputError } from './errors.ts';
import type { SourceLocation } from './location.ts';
import { vaultTag } from './vault-tag.ts';
import type { YamlReadOptions } from './vault-tag.ts';

export type PathSegment = string | number;

export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

const DROPPED_TEST_SOURCES = new Set(['/^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/', '/^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/']);
const DROPPED_TAGS = new Set(['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:binary', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set']);

function ansibleTags(opts: YamlReadOptions): (tags: Tags) => Tags {
  return (tags) => {
    const kept = tags.filter((t) => {
      if (typeof t !== 'object') return true;
      if (DROPPED_TAGS.has(t.tag)) return false;
      const test = 'test' in t && t.test ? String(t.test) : '';
      if (DROPPED_TEST_SOURCES.has(test)) return false;
      return !test.includes('(?::[0-5]?[0-9])+'); // sexagesimal
    });
    return [...kept, pyBool(true), pyBool(false), vaultTag(opts)];
  };
}

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
  const doc = parseDocument(text, { lineCounter, version: '1.1', customTags: ansibleTags(opts), merge: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const [line, col] = first.linePos ? [first.linePos[0].line, first.linePos[0].col] : [1, 1];
    const reason = first.message.split(' at line ')[0].split('\n')[0];
    const prefix = first.code === 'TAG_RESOLVE_FAILED' ? '' : 'YAML syntax error: ';
    throw new InputError(`${prefix}${reason}`, { file, line, col });
  }
  return { file, doc, lineCounter };
}

export async function readYamlFile(file: string, opts: YamlReadOptions): Promise<YamlFile> {
  return parseYamlText(await readText(file), file, opts);
}

export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(err as Error).message}`);
  }
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
    } else if (isSeq(node) && typeof seg === 'number' || (isSeq(node) && /^\d+$/.test(String(seg)))) {
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
  return (node as Node).toJS(src.doc, { maxAliasCount: 10000 });
}
