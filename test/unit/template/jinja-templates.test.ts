import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { TemplateError } from '../../../src/core/errors.ts';

describe('jinja: template files', () => {
  const engine = createTemplateEngine();
  const vars = { l: ['a', 'b', 'c'], d: { x: 1, y: 2 }, flag: true, n: 3, empty: [] as unknown[] };
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-j2-'));
    mkdirSync(join(dir, 'templates'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }
  const render = (text: string, options = {}, extra = {}): string =>
    engine.renderFile(file(`t${Math.random().toString(36).slice(2)}.j2`, text), { ...vars, playbook_dir: dir, ...extra }, options);
  const errorOf = (action: () => unknown): TemplateError => {
    try {
      action();
    } catch (error) {
      expect(error).to.be.instanceOf(TemplateError);
      return error as TemplateError;
    }
    throw new Error('expected a TemplateError');
  };

  it("if/elif/else, with Ansible's trim_blocks: the newline after a block tag goes", () => {
    expect(render('{% if n == 1 %}\none\n{% elif n == 3 %}\nthree\n{% else %}\nother\n{% endif %}\nend\n')).to.equal('three\nend\n');
  });

  it('for with loop.* and else, filters in the loop header', () => {
    expect(
      render('{% for x in l %}{{ loop.index }}/{{ loop.length }}:{{ x }}{% if loop.first %}^{% endif %}{% if not loop.last %},{% endif %}{% endfor %}'),
    ).to.equal('1/3:a^,2/3:b,3/3:c');
    expect(render('{% for x in empty %}x{% else %}none{% endfor %}')).to.equal('none');
    expect(render('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}')).to.equal('x=1;y=2;');
    expect(render("{% for x in l if x != 'b' %}{{ loop.index0 }}{{ x }}{% endfor %}")).to.equal('0a1c');
    expect(render("{% for x in l %}{{ loop.cycle('odd', 'even') }} {% endfor %}")).to.equal('odd even odd ');
  });

  it('set, block set and namespace; a set in a loop does not leak out', () => {
    expect(render('{% set a = n * 2 %}{{ a }}')).to.equal('6');
    expect(render('{% set body %}x{{ n }}{% endset %}[{{ body }}]')).to.equal('[x3]');
    expect(render('{% set c = 0 %}{% for x in l %}{% set c = c + 1 %}{% endfor %}{{ c }}')).to.equal('0');
    expect(render('{% set ns = namespace(c=0) %}{% for x in l %}{% set ns.c = ns.c + 1 %}{% endfor %}{{ ns.c }}')).to.equal('3');
  });

  it('macros with defaults, keyword arguments and caller()', () => {
    expect(render("{% macro kv(k, v='-') %}{{ k }}={{ v }}{% endmacro %}{{ kv('a') }} {{ kv('b', v=2) }}")).to.equal('a=- b=2');
    expect(render('{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}in{% endcall %}')).to.equal('<in>');
  });

  it('include, import and from ... import, found next to the template or in templates/', () => {
    file('templates/part.j2', 'part {{ n }}');
    file('templates/macros.j2', '{% macro hi(who) %}hi {{ who }}{% endmacro %}{% set answer = 42 %}');
    expect(render("{% include 'part.j2' %}!")).to.equal('part 3!');
    expect(render("{% include 'missing.j2' ignore missing %}ok")).to.equal('ok');
    expect(render("{% import 'macros.j2' as m %}{{ m.hi('x') }} {{ m.answer }}")).to.equal('hi x 42');
    expect(render("{% from 'macros.j2' import hi as greet %}{{ greet('y') }}")).to.equal('hi y');
  });

  it('raw, comments and whitespace control', () => {
    expect(render('{% raw %}{{ not rendered }}{% endraw %}')).to.equal('{{ not rendered }}');
    expect(render('a {# comment #}b')).to.equal('a b');
    expect(render('a  {{- n -}}  b')).to.equal('a3b');
    expect(render('x\n  {%- if flag %} y{% endif %}')).to.equal('x y');
    expect(render('  {% if flag %}y{% endif %}')).to.equal('  y');
    expect(render('{% if flag +%}\ny{% endif %}')).to.equal('\ny');
  });

  it('lstrip_blocks and trim_blocks from the module arguments and from a #jinja2: header', () => {
    const text = '<\n  {% if flag %}\n  y\n  {% endif %}\n>';
    expect(render(text)).to.equal('<\n    y\n  >');
    expect(render(text, { lstrip_blocks: true })).to.equal('<\n  y\n>');
    expect(render(text, { trim_blocks: false })).to.equal('<\n  \n  y\n  \n>');
    expect(render(`#jinja2: lstrip_blocks: True\n${text}`)).to.equal('<\n  y\n>');
    expect(render('#jinja2:variable_start_string:"[[", variable_end_string:"]]"\n[[ n ]] {{ n }}')).to.equal('3 {{ n }}');
  });

  it("keeps the file's trailing newline and prints values as Python does", () => {
    expect(render('{{ l }} {{ flag }} {{ d }}\n')).to.equal("['a', 'b', 'c'] True {'x': 1, 'y': 2}\n");
  });

  it('writes a {% if %} block with no {{ }} as rendered text, never verbatim', () => {
    expect(render('{% if flag %}on{% else %}off{% endif %}\n\n')).to.equal('on\n');
  });

  it('names file and line of an undefined variable and of a syntax error', () => {
    const undefinedPath = file('undef.j2', 'a\nb\n{{ nope }}\n');
    expect(errorOf(() => engine.renderFile(undefinedPath, vars)).message).to.equal(`${undefinedPath}:3:1: 'nope' is undefined`);
    const broken = file('broken.j2', 'a\n{% if flag %}\nb\n');
    expect(errorOf(() => engine.renderFile(broken, vars)).message).to.match(/broken\.j2:2:1: template syntax error: 'if' tag is not closed/);
    const bad = file('bad.j2', 'a\n\n  {{ n | frob }}');
    expect(errorOf(() => engine.renderFile(bad, vars)).message).to.equal(`${bad}:3:3: template syntax error: warren does not support the filter 'frob'`);
    const tag = file('tag.j2', '{% autoescape true %}x{% endautoescape %}');
    expect(errorOf(() => engine.renderFile(tag, vars)).message).to.contain("warren does not support the 'autoescape' tag");
  });

  it('counts lines and columns right after thousands of tags, comments and raw blocks', () => {
    // The lexer counts lines incrementally and remembers where each start string occurs next;
    // a position after many tags must still be exact.
    const head = '{{ n }} {# c #}\n{% raw %}{{ x }}\n{% endraw %}{% if flag %}y{% endif %}\n'.repeat(2000);
    const late = file('late.j2', `${head}ok\n{{ nope }}\n`);
    expect(errorOf(() => engine.renderFile(late, vars)).message).to.equal(`${late}:6002:1: 'nope' is undefined`);
    const unclosed = file('unclosed.j2', `${head}x {% if flag %}\n`);
    expect(errorOf(() => engine.renderFile(unclosed, vars)).message).to.match(/unclosed\.j2:6001:3: template syntax error: 'if' tag is not closed/);
  });

  it("lookup('template') and lookup('file') find role and playbook files", () => {
    file('templates/lk.j2', 'n={{ n }}\n');
    mkdirSync(join(dir, 'files'), { recursive: true });
    file('files/f.txt', 'content\n');
    expect(engine.renderString("{{ lookup('template', 'lk.j2') }}", { ...vars, playbook_dir: dir })).to.equal('n=3\n');
    expect(engine.renderString("{{ lookup('file', 'f.txt') }}", { playbook_dir: dir })).to.equal('content');
    expect(engine.renderString("{{ lookup('fileglob', '*.txt') | basename }}", { playbook_dir: dir })).to.equal('f.txt');
    expect(engine.renderString("{{ lookup('first_found', ['nope.txt', 'f.txt']) | basename }}", { playbook_dir: dir })).to.equal('f.txt');
    const pw = join(dir, 'pw.txt');
    const first = engine.renderString(`{{ lookup('password', '${pw} length=12 chars=digits') }}`, { playbook_dir: dir });
    expect(first).to.match(/^\d{12}$/);
    expect(engine.renderString(`{{ lookup('password', '${pw} length=12') }}`, { playbook_dir: dir })).to.equal(first);
  });
});
