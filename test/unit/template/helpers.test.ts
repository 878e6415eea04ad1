import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplateEngine } from '../../../src/template/engine.ts';

// Handlebars helpers serve `.hbs` template files only (YAML values are Jinja).

describe('template helpers', () => {
  const engine = createTemplateEngine();
  const vars = {
    list: ['b', 'a', 'c'],
    empty: '',
    text: '  Mixed Case  ',
    path: '/etc/rabbitmq/rabbitmq.conf',
    n: 3,
    s: '7',
    yes: 'yes',
    obj: { b: 1, a: [1, 2] },
    block: 'line1\n\nline2',
    hostvars: { h1: { port: 1 } },
  };
  let dir: string;
  let count = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-hbs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const render = (text: string): unknown => {
    const path = join(dir, `t${count++}.hbs`);
    writeFileSync(path, text);
    return engine.renderFile(path, vars);
  };

  const cases: Array<[string, unknown]> = [
    ['{{default nope "x"}}', 'x'],
    ['{{default n 9}}', 3],
    ['{{default empty "x" true}}', 'x'],
    ['{{default empty "x"}}', ''],
    ['{{join list ","}}', 'b,a,c'],
    ['{{join list}}', 'bac'],
    ['{{first list}}', 'b'],
    ['{{last list}}', 'c'],
    ['{{length list}}', 3],
    ['{{length obj}}', 2],
    ['{{lookup obj "b"}}', 1],
    ['{{index list 1}}', 'a'],
    ['{{hostvar "h1" "port"}}', 1],
    ['{{eq n 3}}', true],
    ['{{ne n 3}}', false],
    ['{{lt n 4}}', true],
    ['{{gt n 4}}', false],
    ['{{le n 3}}', true],
    ['{{ge n 4}}', false],
    ['{{and n yes}}', true],
    ['{{or empty 0}}', false],
    ['{{not empty}}', true],
    ['{{in "a" list}}', true],
    ['{{in "ix" "mixed"}}', true],
    ['{{in "z" obj}}', false],
    ['{{to_json obj}}', '{"b":1,"a":[1,2]}'],
    ['{{to_nice_json obj}}', '{\n    "a": [\n        1,\n        2\n    ],\n    "b": 1\n}'],
    ['{{to_yaml obj}}', 'b: 1\na:\n  - 1\n  - 2'],
    ['{{indent block 2}}', 'line1\n\n  line2'],
    ['{{indent block 2 true}}', '  line1\n\n  line2'],
    ['{{upper "a"}}', 'A'],
    ['{{lower "A"}}', 'a'],
    ['{{trim text}}', 'Mixed Case'],
    ['{{replace "a-b-c" "-" "_"}}', 'a_b_c'],
    ['{{regex_replace "node-12" "^(\\w+)-(\\d+)$" "\\2@\\1"}}', '12@node'],
    ['{{regex_replace "ABC" "b" "x" ignorecase=true}}', 'AxC'],
    ['{{basename path}}', 'rabbitmq.conf'],
    ['{{dirname path}}', '/etc/rabbitmq'],
    ['{{b64encode "cookie"}}', 'Y29va2ll'],
    ['{{b64decode "Y29va2ll"}}', 'cookie'],
    ['{{quote "it\'s"}}', `'it'"'"'s'`],
    ['{{quote "plain-word"}}', 'plain-word'],
    ['{{bool yes}}', true],
    ['{{bool "off"}}', false],
    ['{{int s}}', 7],
    ['{{int "x"}}', 0],
    ['{{string n}}', '3'],
    ['{{is_defined nope}}', false],
  ];

  for (const [template, expected] of cases) {
    it(`${template} -> ${JSON.stringify(expected)}`, () => {
      expect(render(template)).to.equal(String(expected));
    });
  }

  it('mandatory fails with its message, or passes the value through', () => {
    expect(() => render('{{mandatory nope "set rabbitmq_cookie"}}')).to.throw(/set rabbitmq_cookie/);
    expect(render('{{mandatory n}}')).to.equal('3');
  });

  it('strict lookup/index and hostvar fail on missing keys', () => {
    expect(() => render('{{index list 7}}')).to.throw(/'7' is not defined/);
    expect(() => render('{{lookup obj "zz"}}')).to.throw(/'zz' is not defined/);
    expect(() => render('{{hostvar "h1" "nope"}}')).to.throw(/'nope' is not defined for host 'h1'/);
  });

  it('a failing helper names itself', () => {
    expect(() => render('{{join n ","}}')).to.throw(/join: join needs a list/);
  });
});
