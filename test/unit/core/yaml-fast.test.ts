import { expect } from 'chai';
import { isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Node } from 'yaml';
import { InputError } from '../../../src/core/errors.ts';
import { locOfNode, parseYamlText, toJsChecked, type YamlFile } from '../../../src/core/yaml-file.ts';
import { diffYaml } from '../../../scripts/yaml-fast-diff.ts';

const opts = { secrets: { add() {} } };

/** The file read by one parser: `yaml` (WARREN_YAML_PARSER=yaml) or the fast path where it can. */
function read(text: string, parser: 'yaml' | 'fast'): YamlFile {
  const before = process.env.WARREN_YAML_PARSER;
  process.env.WARREN_YAML_PARSER = parser;
  try {
    return parseYamlText(text, 'f.yml', opts);
  } finally {
    if (before === undefined) delete process.env.WARREN_YAML_PARSER;
    else process.env.WARREN_YAML_PARSER = before;
  }
}

/** Every node, in document order: its kind, file:line:col, and a scalar's style and value. */
function outline(src: YamlFile): string[] {
  const lines: string[] = [];
  const describe = (node: Node) => {
    const { line, col } = locOfNode(src, node);
    const kind = isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? `${node.type} ${JSON.stringify(node.value)}` : 'other';
    lines.push(`${line}:${col} ${kind}`);
  };
  visit(src.doc, {
    Pair: (_, pair) => void (isPair(pair) && isScalar(pair.key) && describe(pair.key)),
    Map: (_, n) => void describe(n),
    Seq: (_, n) => void describe(n),
    Scalar: (_, n, path) => void (isPair(path[path.length - 1]) && (path[path.length - 1] as { key: unknown }).key === n ? undefined : describe(n)),
  });
  return lines;
}

const SAME = {
  'YAML 1.1 scalars as Ansible reads them':
    'a: 0644\nb: 0x1F\nc: 1_000\nd: 1e3\ne: 1.0e+3\nf: .inf\ng: ~\nh: Null\ni: yes\nj: No\nk: y\nl: 12:30\nm: 2001-12-14\nn: 1.\n',
  'block scalars, kept and stripped': 'k: |+\n  keep\n\n\nnext: >-\n  strip\n  folded\n\n  para\nind: |2\n    two\nlast: x\n',
  'a document marker and comments': '--- # c\n# between\n- x # trailing\n- y\n...\n',
  'CRLF line ends': 'a:\r\n  b: 1\r\n  c: "x\r\n    y"\r\n',
  'multi-line plain and quoted scalars': "plain: this is\n  a multi line\n  plain\nq: \"dq \\t \\u00e9\n  more\"\ns: 'it''s'\n",
  'flow collections': 'a: {b: [x, y, {c: d}], e: 1}\nf: [1,\n  2]\ng: []\nh: {}\n',
  'empty values and an explicit key': 'a:\nb:\n  c:\n? explicit\n: value\n',
  'an empty value at the very end': 'a: 1\nb:',
  'a task list with templates, globs and !=': '- name: t\n  shell: echo "{{ x }}" && ls *.txt | grep !x\n  when: a != b\n- name: b\n  debug:\n    msg: hi\n',
  'anchors and aliases': 'a: &x\n  k: 1\nb: *x\nc: &y v\nd: [*y, *x]\ne:\n  - *x\n',
  'integer keys and unicode': '1: one\n10: ten\n2: two\né: ü\nemoji: 😀\n',
};

describe('the fast YAML path (core/yaml-fast.ts)', () => {
  for (const [what, text] of Object.entries(SAME)) {
    it(`reads ${what} as the yaml library does: values, styles and file:line:col`, () => {
      const fast = read(text, 'fast');
      const slow = read(text, 'yaml');
      expect(fast.reader).to.equal('js-yaml');
      expect(toJsChecked(fast)).to.deep.equal(toJsChecked(slow));
      expect(outline(fast)).to.deep.equal(outline(slow));
    });
  }

  const FALLBACK = {
    'an explicit tag': 'x: !!str 1\n',
    'a merge key': 'a: &b {c: 1}\nd:\n  <<: *b\n',
    'an empty sequence item': '- a\n-\n- c\n',
    'a key with no value in a flow mapping': '{a, b: 1}\n',
    'an !unsafe value': 'x: !unsafe "{{ y }}"\n',
  };
  for (const [what, text] of Object.entries(FALLBACK)) {
    it(`leaves a file with ${what} to the yaml library, with the same result`, () => {
      const fast = read(text, 'fast');
      expect(fast.reader).to.equal('yaml');
      expect(toJsChecked(fast)).to.deep.equal(toJsChecked(read(text, 'yaml')));
    });
  }

  for (const [what, text] of Object.entries({ 'a duplicate key': 'a: 1\na: 2\n', 'an unclosed quote': 'a: "open\n', 'a bad indent': 'a: b: c\n' })) {
    it(`reports ${what} with the yaml library's message and position`, () => {
      const error = (parser: 'yaml' | 'fast') => {
        try {
          read(text, parser);
        } catch (err) {
          expect(err).to.be.instanceOf(InputError);
          return String((err as Error).message) + JSON.stringify((err as InputError).location);
        }
        throw new Error('no error');
      };
      expect(error('fast')).to.equal(error('yaml'));
    });
  }

  it('reads every YAML file of the project as the yaml library does, most of them on the fast path', () => {
    const r = diffYaml(['roles', 'playbooks', 'inventories', 'bench/playbooks', 'test/fixtures']);
    expect(r.diffs).to.deep.equal([]);
    expect(r.fast, `of ${r.files}; went to yaml: ${JSON.stringify([...r.reasons])}`).to.be.greaterThan(r.files * 0.8);
  });
});
