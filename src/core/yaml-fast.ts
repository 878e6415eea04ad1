// The fast reading of a YAML file: js-yaml (about 4x faster than `yaml` on a cold start, most of
// a --syntax-check) finds the structure, and the tree is built of `yaml`'s own node classes with
// their source offsets, so every later step (locations, toJS) runs the same code either way.
// Plain scalars resolve through the `yaml` schema's own tags, so values are identical by
// construction. Anchors and aliases are modelled; whatever this path is not sure of (tags, merge
// keys, directives, empty list items, an error) returns undefined, and the caller reads the file
// with `yaml` as before.
import jsYaml from 'js-yaml';
import { Alias, type Document, isScalar, type LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';
import type { Node } from 'yaml';

type Tag = Schema['tags'][number] & { test?: RegExp; resolve?: (text: string, onError: (m: string) => void, options: unknown) => unknown };

interface Frame {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: Frame[];
  /** the text of a plain scalar, before its tag resolved it */
  source?: string;
  /** the node a tag built for a plain scalar */
  scalar?: Scalar;
}

const PLAIN_TAG = 'tag:warren,2026:plain';
/** An anchor's or alias's name: up to a space or a flow indicator. */
const NAME = /^[^\s,[\]{}]+/;

/** A js-yaml schema whose only implicit type hands each plain scalar to `resolvePlain`. */
function jsYamlSchema(resolvePlain: (text: string) => unknown): jsYaml.Schema {
  const plain = new jsYaml.Type(PLAIN_TAG, { kind: 'scalar', resolve: () => true, construct: resolvePlain });
  return jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [plain] });
}

/** Anything this path does not model: explicit tags (below), directives, merge keys. */
const UNMODELLED = /^%|<</m;

/**
 * The document, and its plain value as `yaml`'s toJS made it (checked against js-yaml's, so it is
 * not computed twice). `why` hears the reason a file goes to `yaml` (scripts/yaml-fast-diff.ts).
 */
export function parseFast(
  text: string,
  doc: Document,
  lineCounter: LineCounter,
  maxAliasCount: number,
  why?: (reason: string) => void,
): { doc: Document.Parsed; plain: unknown } | undefined {
  const schema = doc.schema;
  const no = (reason: string): undefined => void why?.(reason);
  if (UNMODELLED.test(text)) return no('a directive or a merge key');
  const tags = (schema.tags as Tag[]).filter((t) => t.default === true && t.test && t.resolve);
  let failed = false;
  let lastSource: string | undefined;
  let lastScalar: Scalar | undefined;
  const resolvePlain = (value: string): unknown => {
    lastSource = value;
    const tag = tags.find((t) => t.test!.test(value));
    if (!tag) return value;
    const res = tag.resolve!(
      value,
      () => {
        failed = true;
      },
      doc.options,
    );
    if (!isScalar(res)) return res;
    lastScalar = res; // a tag that builds its own node (YAML 1.1 booleans): that node is kept
    return res.value;
  };
  const root: Frame = { start: 0, end: 0, kind: null, result: null, children: [] };
  const stack: Frame[] = [root];
  let value: unknown;
  try {
    value = jsYaml.load(text, {
      schema: jsYamlSchema(resolvePlain),
      json: false,
      listener(event, jsState) {
        const state = jsState as typeof jsState & { tag: string | null; anchor: string | null | undefined };
        if (event === 'open') {
          stack.push({ start: state.position, end: 0, kind: null, result: null, children: [] });
          lastSource = undefined;
          lastScalar = undefined;
          return;
        }
        const frame = stack.pop()!;
        frame.end = state.position;
        frame.kind = state.kind;
        frame.result = state.result;
        if (state.tag !== null && state.tag !== PLAIN_TAG && state.tag !== '?') failed = true;
        if (state.kind === 'scalar' && state.tag === PLAIN_TAG) {
          frame.source = lastSource;
          frame.scalar = lastScalar;
        }
        stack[stack.length - 1]!.children.push(frame);
      },
    });
  } catch (err) {
    return no(`js-yaml: ${(err as Error).message.split('\n')[0]}`);
  }
  if (failed) return no('a tag, or a value a tag refused');
  const top = root.children.filter((f) => !isPhantom(f));
  if (top.length > 1) return no('more than one top-level node');
  const builder = new TreeBuilder(text, schema);
  const contents = top.length === 0 ? null : builder.node(top[0]!);
  if (builder.failed || (contents === null && value !== undefined && value !== null)) return no(`structure: ${builder.failed}`);
  doc.contents = contents;
  let plain: unknown;
  try {
    plain = contents === null ? null : contents.toJS(doc, { maxAliasCount });
  } catch {
    return no('aliases expand past the limit'); // `yaml` reports it with its location
  }
  if (!sameValue(plain, value ?? null)) return no("the value differs from js-yaml's");
  countLines(text, lineCounter);
  return { doc: doc as Document.Parsed, plain };
}

/** A try that read nothing: js-yaml opens a node, finds no content and closes it at once. */
function isPhantom(f: Frame): boolean {
  return f.kind === null && f.result === null && f.children.length === 0 && f.start === f.end;
}

class TreeBuilder {
  failed: string | false = false;
  constructor(
    private readonly text: string,
    private readonly schema: Schema,
  ) {}

  node(frame: Frame): Node {
    const f = unwrap(frame);
    let start = contentStart(this.text, f.start, f.end);
    const alias = this.text[start] === '*' ? NAME.exec(this.text.slice(start + 1, f.end)) : null;
    if (alias) {
      const node = new Alias(alias[0]);
      node.range = [start, f.end, f.end];
      return node;
    }
    const anchor = this.text[start] === '&' ? NAME.exec(this.text.slice(start + 1, f.end)) : null;
    if (anchor) start = contentStart(this.text, start + 1 + anchor[0].length, f.end);
    // an empty value sits where js-yaml looked for it (after `key:`), as in `yaml`
    if (f.kind === null && !anchor) start = f.start;
    const node = this.build(f, start);
    if (anchor) node.anchor = anchor[0];
    return node;
  }

  private build(f: Frame, start: number): YAMLMap | YAMLSeq | Scalar {
    if (f.kind === 'mapping') return this.map(f, start);
    if (f.kind === 'sequence') return this.seq(f, start);
    const scalar = f.scalar ?? new Scalar(f.result);
    scalar.range = [start, Math.max(start, f.end), Math.max(start, f.end)];
    if (f.kind === 'scalar') {
      const first = this.text[start];
      scalar.type =
        first === '"' ? 'QUOTE_DOUBLE' : first === "'" ? 'QUOTE_SINGLE' : first === '|' ? 'BLOCK_LITERAL' : first === '>' ? 'BLOCK_FOLDED' : 'PLAIN';
      (scalar as { source?: string }).source = typeof f.result === 'string' ? f.result : f.source;
      if (scalar.type === 'PLAIN' && f.source === undefined && typeof f.result !== 'string') this.failed = 'a plain scalar with no text';
    } else if (f.kind === null && f.result === null) {
      scalar.type = 'PLAIN';
      (scalar as { source?: string }).source = '';
    } else this.failed = `a node of kind ${f.kind}`;
    return scalar;
  }

  private map(f: Frame, start: number): YAMLMap {
    const map = new YAMLMap(this.schema);
    const items = this.placed(map, f, start, '{');
    if (items.length % 2 !== 0) this.failed = 'a mapping with a key and no value';
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = this.node(items[i]!);
      if (!isScalar(key) || key.value === '<<') this.failed = 'a key that is not a scalar';
      map.items.push(new Pair(key, this.node(items[i + 1]!)));
    }
    return map;
  }

  private seq(f: Frame, start: number): YAMLSeq {
    const seq = new YAMLSeq(this.schema);
    const items = this.placed(seq, f, start, '[');
    // an empty item (`-` alone) has no event: the counts differ, and the `yaml` path reads it
    if (!Array.isArray(f.result) || items.length !== f.result.length) this.failed = 'a sequence with an empty item';
    for (const item of items) seq.items.push(this.node(item));
    return seq;
  }

  /** A collection's range and flow style; its frames, tries that read nothing left out. */
  private placed(node: YAMLMap | YAMLSeq, f: Frame, start: number, flowOpen: string): Frame[] {
    node.range = [start, f.end, f.end];
    if (this.text[start] === flowOpen) node.flow = true;
    return f.children.filter((c) => !isPhantom(c));
  }
}

/** js-yaml opens a node more than once (a sequence item, an explicit key): the innermost is the node. */
function unwrap(f: Frame): Frame {
  let frame = f;
  for (;;) {
    const real = frame.children.filter((c) => !isPhantom(c));
    if (real.length !== 1 || real[0]!.kind !== frame.kind || real[0]!.result !== frame.result) return frame;
    frame = real[0]!;
  }
}

/** The first character of a node: js-yaml opens it before the spaces, line breaks and comments in front. */
function contentStart(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */ && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < end && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2d && text.startsWith('---', i) && (i === 0 || text[i - 1] === '\n') && /[\s]|$/.test(text[i + 3] ?? '')) i += 3;
    else break;
  }
  return i;
}

function countLines(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

/** The tree's value as `yaml` computes it, against js-yaml's own: the structure was read right. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameValue(v, (b as unknown[])[i]));
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
