// Template inheritance and loop control. Expected texts are what ansible-core 2.14 renders
// (break/continue/do with jinja2_extensions = jinja2.ext.do,jinja2.ext.loopcontrols).
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { TemplateError } from '../../../src/core/errors.ts';

describe('jinja: inheritance and loop control', () => {
  const engine = createTemplateEngine();
  const tree = [{ name: 'r', c: [{ name: 'x' }, { name: 'y', c: [{ name: 'z' }] }] }];
  const vars = { l: ['a', 'b', 'c'], tree };
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-j2c-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'base.j2'), 'head\n{% block a %}A{% endblock %}\n{% block b %}B{% endblock b %}\ntail\n');
    writeFileSync(join(dir, 'templates', 'mid.j2'), '{% extends "base.j2" %}{% block a %}[mid {{ super() }}]{% endblock %}');
    writeFileSync(join(dir, 'templates', 'loop.j2'), '{% extends "loop.j2" %}');
    writeFileSync(join(dir, 'templates', 'req.j2'), '<{% block r required %}{# c #} {% endblock %}>');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let count = 0;
  const render = (text: string): string => {
    const path = join(dir, 'templates', `t${count++}.j2`);
    writeFileSync(path, text);
    return engine.renderFile(path, { ...vars, playbook_dir: dir }, {});
  };
  const errorOf = (action: () => unknown): string => {
    try {
      action();
    } catch (error) {
      expect(error).to.be.instanceOf(TemplateError);
      return (error as Error).message;
    }
    throw new Error('expected a TemplateError');
  };

  it('extends: the child overrides blocks, its other top-level text is dropped but its sets run', () => {
    expect(render('{% extends "base.j2" %}{% set x = 5 %}ignored{% block b %}b{{ x }}{% endblock %}')).to.equal('head\nAb5tail\n');
  });

  it('extends over two levels, super() reaching up the chain', () => {
    expect(render('{% extends "mid.j2" %}{% block a %}<{{ super() }}>{% endblock %}')).to.equal('head\n<[mid A]>Btail\n');
  });

  it('a block renders in place without extends, and self.<block>() repeats it', () => {
    expect(render('{% block t %}T{{ l[0] }}{% endblock %}/{{ self.t() }}')).to.equal('Ta/Ta');
  });

  it('an extends cycle and a mismatched endblock name are clear errors', () => {
    expect(errorOf(() => render('{% extends "loop.j2" %}'))).to.match(/extend each other too deeply/);
    expect(errorOf(() => render('{% block a %}x{% endblock b %}'))).to.match(/'endblock' names 'b', but the open block is 'a'/);
    expect(errorOf(() => render('{% extends "missing.j2" %}'))).to.match(/template not found: missing.j2/);
  });

  it('a block sees only the template-level variables, a scoped block also the loop around it (Jinja2)', () => {
    const plain = "{% set top = 'T' %}{% for item in [1,2] %}[{% block a %}{{ top }}{{ item is defined }}{% endblock %}]{% endfor %}";
    expect(render(plain)).to.equal('[TFalse][TFalse]');
    expect(render('{% for item in [1,2] %}[{% block a scoped %}{{ item }}{% endblock %}]{% endfor %}')).to.equal('[1][2]');
    expect(errorOf(() => render('{% for item in [1] %}{% block a %}{{ item }}{% endblock %}{% endfor %}'))).to.match(/'item' is undefined/);
  });

  it('a required block must be overridden and may hold only whitespace and comments', () => {
    expect(render('{% extends "req.j2" %}{% block r %}filled{% endblock %}')).to.equal('<filled>');
    expect(errorOf(() => render('{% extends "req.j2" %}'))).to.match(/Required block 'r' not found/);
    expect(errorOf(() => render('\n{% block r required %}x{% endblock %}'))).to.match(/:2:\d+: .*Required blocks can only contain comments or whitespace/);
  });

  it('recursive loops: loop(children) and loop.depth', () => {
    const text = '{% for n in tree recursive %}{{ n.name }}{% if n.c is defined %}({{ loop(n.c) }}){% endif %}{{ loop.depth }};{% endfor %}';
    expect(render(text)).to.equal('r(x2;y(z3;)2;)1;');
    expect(errorOf(() => render('{% for n in l %}{{ loop(l) }}{% endfor %}'))).to.match(/loop\(\) can only be called in a recursive for loop/);
  });

  it('loop.changed, loop.cycle, loop.previtem/nextitem (undefined at the ends)', () => {
    expect(render('{% for x in [1,1,2,2,1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}')).to.equal('121');
    expect(render("{% for x in l %}{{ loop.cycle('o', 'e') }}{% endfor %}")).to.equal('oeo');
    expect(render("{% for x in l %}{{ loop.previtem | default('-') }}{{ x }}{{ loop.nextitem | default('-') }} {% endfor %}")).to.equal('-ab abc bc- ');
    expect(render('{% for x in l %}{{ loop.previtem is defined }}{% endfor %}')).to.equal('FalseTrueTrue');
  });

  it('break and continue, keeping what the body wrote before them', () => {
    expect(render("{% for x in l %}{{ x }}{% if x == 'b' %}!{% break %}{% endif %}{% endfor %}")).to.equal('ab!');
    expect(render("{% for x in l %}{% if x == 'b' %}{% continue %}{% endif %}{{ x }}{% endfor %}")).to.equal('ac');
    expect(errorOf(() => render('{% if true %}{% break %}{% endif %}'))).to.match(/'break' is only allowed inside a for loop/);
  });

  it('do runs an expression for its effect', () => {
    expect(render('{% set a = [] %}{% do a.append(1) %}{% do a.extend([2,3]) %}{{ a }}')).to.equal('[1, 2, 3]');
  });
});
