// Python numbers and tuples. Every expected text is what ansible-core 2.14.18 printed for the
// same expression (`ansible localhost -m debug -a ...`, jinja2_native off).
import { expect } from 'chai';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { evaluate, isTrue } from '../../../src/template/expression.ts';

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

  it('a whole YAML value: a whole float and a tuple are their text, a list keeps plain numbers', () => {
    expect(value('{{ 10 / 2 }}')).to.equal('5.0');
    expect(value('{{ (1, 2) }}')).to.equal('(1, 2)');
    expect(value('{{ 7 / 2 }}')).to.equal(3.5);
    expect(value('{{ [1.0, 5 / 1, (1, 2)] }}')).to.deep.equal([1, 5, [1, 2]]);
    expect(value('{{ fl * 2 }}')).to.equal('3.0');
    expect(value('{{ [1.0][0] }}')).to.equal('1.0');
  });

  it('conditions compare floats with ints and see a whole float as true', () => {
    expect(isTrue('10 / 2 == 5', vars)).to.equal(true);
    expect(isTrue('0.0', vars)).to.equal(false);
    expect(isTrue('1.0 is float and 1 is not float and 1.0 is number and 1.0 is not integer', vars)).to.equal(true);
    expect(evaluate('[n / 1]', vars)).to.deep.equal([3]);
  });
});
