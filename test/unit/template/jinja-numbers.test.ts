// Python numbers and tuples. Every expected text is what ansible-core 2.14.18 printed for the
// same expression (`ansible localhost -m debug -a ...`, jinja2_native off).
import { expect } from 'chai';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { evaluate, isTrue } from '../../../src/template/expression.ts';
import { cloneData, jsonWithFloats, PyFloat, toPlain } from '../../../src/template/python-numbers.ts';
import { pyStr } from '../../../src/template/python-text.ts';

describe('jinja: Python numbers and tuples', () => {
  const engine = createTemplateEngine();
  const vars = { n: 3, fl: 1.5 };
  const text = (expr: string): unknown => engine.renderString(`<${expr}>`, vars);
  const value = (expr: string): unknown => engine.renderString(expr, vars);

  const printed: Array<[string, string]> = [
    ['{{ 10/2 }}', '5.0'],
    ['{{ 10//3 }}', '3'],
    ['{{ 7/2 }}', '3.5'],
    ['{{ 1.0 }}', '1.0'],
    ['{{ 2 * 1.5 }}', '3.0'],
    ["{{ '3' | float }}", '3.0'],
    ['{{ 3 | float }}', '3.0'],
    ['{{ 3.7 | int }}', '3'],
    ["{{ 1.0 ~ 'x' }}", '1.0x'],
    ["{{ {'a': 2.0} | to_json }}", '{"a": 2.0}'],
    ["{{ (1.0, 'a') | to_json }}", '[1.0, "a"]'],
    ["{{ {'a': 1.0} | to_nice_json }}", '{\n    "a": 1.0\n}'],
    ['{{ 4.0 | to_yaml }}', '4.0\n'],
    ['{{ (1,2) }}', '(1, 2)'],
    ['{{ [1.0, 2] }}', '[1.0, 2]'],
    ['{{ 2 ** 0.5 }}', '1.4142135623730951'],
    ['{{ 1e3 }}', '1000.0'],
    ['{{ 10 % 3.0 }}', '1.0'],
    ['{{ -0.0 }}', '-0.0'],
    ['{{ 0.1 + 0.2 }}', '0.30000000000000004'],
    ['{{ 1/3 }}', '0.3333333333333333'],
    ['{{ 1e20 }}', '1e+20'],
    ['{{ 1e16 }}', '1e+16'],
    ['{{ 123456789012345678.0 }}', '1.2345678901234568e+17'],
    ['{{ 2**70 }}', '1180591620717411303424'],
    ['{{ [1,2.5] | sum }}', '3.5'],
    ['{{ [1.0,2] | max }}', '2'],
    ['{{ [1.0, 2.0] | sum }}', '3.0'],
    ['{{ [0.5, 0.5] | sum }}', '1.0'],
    ['{{ [1, 2] | sum(start=0.0) }}', '3.0'],
    ["{{ [{'a': 1.0}, {'a': 2}] | sum(attribute='a') }}", '3.0'],
    ['{{ [3.0, 1] | max }} {{ [3.0, 1] | min }}', '3.0 1'],
    ['{{ 7.0 // 2 }}', '3.0'],
    ['{{ 2.5 | round }}', '2.0'],
    ['{{ 3.14159 | round(2) }}', '3.14'],
    ['{{ 5 | round }}', '5'],
    ['{{ -7 // 2 }}', '-4'],
    ['{{ 9 ** 0.5 }}', '3.0'],
    ['{{ 10 / 4 * 2 }}', '5.0'],
    ["{{ '%.2f' % 2 }}", '2.00'],
    ["{{ '%s' % 2.0 }}", '2.0'],
    ['{{ 2.0 | abs }}', '2.0'],
    ['{{ 1.5e-7 }}', '1.5e-07'],
    ['{{ (5.0 == 5) ~ ((1,2) == [1,2]) }}', 'TrueFalse'],
    ['{{ 5.0 | string }}', '5.0'],
    ['{{ 1.0 | type_debug }} {{ (1,) | type_debug }} {{ (1,) }}', 'float tuple (1,)'],
  ];
  for (const [expr, expected] of printed) {
    it(`${expr} prints ${JSON.stringify(expected)}`, () => expect(text(expr)).to.equal(`<${expected}>`));
  }

  it('a whole YAML value: a whole float and a tuple are their text, a list keeps its floats', () => {
    expect(value('{{ 10 / 2 }}')).to.equal('5.0');
    expect(value('{{ (1, 2) }}')).to.equal('(1, 2)');
    expect(value('{{ 7 / 2 }}')).to.equal(3.5);
    const list = value('{{ [1.0, 5 / 1, 2, (1, 2)] }}');
    expect(list).to.deep.equal([new PyFloat(1), new PyFloat(5), 2, [1, 2]]);
    expect(pyStr(list)).to.equal('[1.0, 5.0, 2, [1, 2]]');
    expect(value('{{ fl * 2 }}')).to.equal('3.0');
    expect(value('{{ [1.0][0] }}')).to.equal('1.0');
  });

  it('conditions compare floats with ints and see a whole float as true', () => {
    expect(isTrue('10 / 2 == 5', vars)).to.equal(true);
    expect(isTrue('0.0', vars)).to.equal(false);
    expect(isTrue('1.0 is float and 1 is not float and 1.0 is number and 1.0 is not integer', vars)).to.equal(true);
    expect(evaluate('[n / 1]', vars)).to.deep.equal([new PyFloat(3)]);
  });
});

// A whole float kept as a float through variables: ansible-core 2.14.18's answers
// (ansible-playbook with `debug`, vars `y: 2.0`, `d: {a: 2.0, b: 2}`, `l: [2.0, 1, 1.5]`).
describe('jinja: whole floats in variables', () => {
  const engine = createTemplateEngine();
  const vars = { y: new PyFloat(2), d: { a: new PyFloat(2), b: 2 }, l: [new PyFloat(2), 1, 1.5] };
  const value = (expr: string): unknown => engine.renderString(expr, vars);

  it('a bare name keeps its float; an attribute or subscript prints it as text', () => {
    expect(value('{{ y }}')).to.deep.equal(new PyFloat(2));
    expect(value('{{ d.a }}')).to.equal('2.0');
    expect(value('{{ l[0] }}')).to.equal('2.0');
    expect(value('{{ y + 1 }}')).to.equal('3.0');
    expect(value('{{ y | type_debug }}')).to.equal('float');
  });

  it('lists and dicts keep their whole floats, computed or read', () => {
    expect(value('{{ [4 / 2] }}')).to.deep.equal([new PyFloat(2)]);
    expect(value("{{ {'a': 2.0} }}")).to.deep.equal({ a: new PyFloat(2) });
    expect(value('{{ d }}')).to.deep.equal({ a: new PyFloat(2), b: 2 });
    expect(value('{{ [-2.0] }}')).to.deep.equal([new PyFloat(-2)]);
  });

  it('text holding them prints Python floats', () => {
    expect(value('x{{ l }}')).to.equal('x[2.0, 1, 1.5]');
    expect(value('{{ l | to_json }}')).to.equal('[2.0, 1, 1.5]');
    expect(value('{{ l | to_nice_yaml }}')).to.equal('- 2.0\n- 1\n- 1.5\n');
    expect(value('{{ y }} {{ d }}')).to.equal("2.0 {'a': 2.0, 'b': 2}");
  });

  it('text that reads back as a list keeps its floats (literal_eval)', () => {
    expect(value('{{ "[" }}2.0, 3]')).to.deep.equal([new PyFloat(2), 3]);
  });
});

describe('whole floats leaving the evaluator', () => {
  it('toPlain gives JavaScript numbers (module arguments), cloneData keeps the boxes', () => {
    const data = { a: [new PyFloat(2), 1], b: { c: new PyFloat(3) } };
    expect(toPlain(data)).to.deep.equal({ a: [2, 1], b: { c: 3 } });
    const copy = cloneData(data);
    expect(copy).to.deep.equal(data);
    expect(copy.b).to.not.equal(data.b);
    expect(copy.b.c).to.be.instanceOf(PyFloat);
  });

  it('jsonWithFloats writes them as Python does, leaving strings alone', () => {
    expect(jsonWithFloats({ a: [new PyFloat(2), 1.5, 'x\u0000y'] })).to.equal('{"a":[2.0,1.5,"x\\u0000y"]}');
    expect(jsonWithFloats([new PyFloat(1e16)], 4)).to.equal('[\n    1e+16\n]');
  });
});
