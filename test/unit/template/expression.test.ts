import { expect } from 'chai';
import { evaluate, isTrue } from '../../../src/template/expression.ts';
import { TemplateError } from '../../../src/core/errors.ts';

const where = { file: 'site.yml', line: 21, col: 13 };
const vars = {
  a: 1,
  zero: 0,
  name: 'rabbit',
  words: 'hello world',
  list: [1, 2, 3],
  empty_list: [],
  dict: { k: 'v', nested: { deep: 2 } },
  result: { rc: 2, stdout: 'Cluster status ok', stdout_lines: ['a', 'b'], changed: true, failed: false },
  str_false: 'false',
  str_no: 'No',
  version: '12',
  nothing: null,
};

describe('expressions: operators and precedence', () => {
  const cases: Array<[string, unknown]> = [
    ['a == 1', true],
    ["name != 'rabbit'", false],
    ['a < 2 and a >= 1', true],
    ['a > 1 or a <= 0', false],
    ['not a == 2', true],
    ['not false and false', false],
    ['true or false and false', true],
    ['(true or false) and false', false],
    ['not (a == 1 or a == 2)', false],
    ["'world' in words", true],
    ["'mars' not in words", true],
    ['2 in list', true],
    ['5 not in list', true],
    ["'k' in dict", true],
    ["'v' in dict", false],
    ["result.rc != 0 or 'ok' in result.stdout", true],
    ["'a' in result.stdout_lines", true],
    ["dict['k'] == 'v'", true],
    ['dict.nested.deep', 2],
    ["dict['nested']['deep'] + 1", 3],
    ['list[0]', 1],
    ['list[-1]', 3],
    ['list.1', 2],
    ['[1, 2] == [1, 2]', true],
    ["{'x': [1]}", { x: [1] }],
    ['3 * 2 - 1', 5],
    ['7 // 2 + 7 % 2', 4],
    ["'a' ~ 1", 'a1'],
    ['-a', -1],
    ['1 == 1.0', true],
    ["'1' == 1", false],
    ['nothing == none', true],
    ['True and not False', true],
    ["name.startswith('rab')", true],
    ["words.split(' ')", ['hello', 'world']],
    ['{{ a == 1 }}', true],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} -> ${JSON.stringify(expected)}`, () => expect(evaluate(expr, vars)).to.deep.equal(expected));
  }
});

describe('expressions: defined and tests', () => {
  const cases: Array<[string, boolean]> = [
    ['a is defined', true],
    ['missing is defined', false],
    ['missing is not defined', true],
    ['missing is undefined', true],
    ['a.b.c is defined', false],
    ['missing.b.c is defined', false],
    ['dict.nested.deep is defined', true],
    ["dict['nope'] is defined", false],
    ['list[9] is defined', false],
    ['nothing is none', true],
    ['a is none', false],
    ['a is not none', true],
    ['missing is defined and missing > 1', false],
    ['missing is not defined or missing > 1', true],
    ['result is changed', true],
    ['result is failed', false],
    ['result is succeeded', true],
    ["name is match('rab')", true],
    ["name is search('bb')", true],
    ['zero is falsy', true],
    ['list is sequence', true],
    ['dict is mapping', true],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} -> ${expected}`, () => expect(evaluate(expr, vars)).to.equal(expected));
  }
});

describe('expressions: filters', () => {
  const cases: Array<[string, unknown]> = [
    ['missing | default(5)', 5],
    ['missing | d(5)', 5],
    ["missing.x.y | default('z')", 'z'],
    ['a | default(5)', 1],
    ['zero | default(9, true)', 9],
    ['nothing | default(3)', null],
    ['list | length', 3],
    ['words | length', 11],
    ['dict | length', 2],
    ["'yes' | bool", true],
    ['str_false | bool', false],
    ['version | int >= 12', true],
    ["'3.9' | float", 3.9],
    ['a | string', '1'],
    ["'AbC' | lower", 'abc'],
    ["'AbC' | upper", 'ABC'],
    ["'  x ' | trim", 'x'],
    ['list | first', 1],
    ['list | last', 3],
    ["list | join(',')", '1,2,3'],
    ["'ab' | list", ['a', 'b']],
    ['[3, 1, 3] | unique | sort', [1, 3]],
    ['list | max', 3],
    ['list | sum', 6],
    ["'a,b' | split(',')", ['a', 'b']],
    ["'rabbit@rmq-1' | regex_replace('^.*@', '')", 'rmq-1'],
    ["'v=12' | regex_search('\\\\d+')", '12'],
    ['not (empty_list | length)', true],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} -> ${JSON.stringify(expected)}`, () => expect(evaluate(expr, vars)).to.deep.equal(expected));
  }
});

describe('expressions: truthiness (isTrue)', () => {
  const cases: Array<[string | boolean, boolean]> = [
    [true, true],
    [false, false],
    ['a', true],
    ['zero', false],
    ['empty_list', false],
    ['dict', true],
    ['nothing', false],
    // ansible-core 2.14: a bare string is tested for emptiness only; a templated one is read as
    // an expression (`{% if false %}`)
    ['str_false', true],
    ['str_no', true],
    ["'off'", true],
    ["'0'", true],
    ['{{ str_false }}', false],
    ['{{ zero }}', false],
    ["''", false],
    ["'yes'", true],
    ['name', true],
  ];
  for (const [expr, expected] of cases) {
    it(`${String(expr)} -> ${expected}`, () => expect(isTrue(expr, vars)).to.equal(expected));
  }
});

describe('expressions: errors', () => {
  function errorOf(expr: string): TemplateError {
    try {
      evaluate(expr, vars, where);
    } catch (error) {
      expect(error).to.be.instanceOf(TemplateError);
      return error as TemplateError;
    }
    throw new Error('expected an error');
  }

  it('names an undefined variable with the location', () => {
    expect(errorOf('missing == 1').message).to.equal("site.yml:21:13: 'missing' is undefined in expression: missing == 1");
  });

  it('names the first missing part of a path', () => {
    expect(errorOf('dict.nope.x == 1').message).to.contain("'dict.nope' is undefined");
    expect(errorOf('missing.x').message).to.contain("'missing' is undefined");
  });

  it('rejects an undefined value used as the whole condition', () => {
    expect(() => isTrue('missing', vars, where)).to.throw(TemplateError, /'missing' is undefined/);
  });

  it('reports syntax errors with the column', () => {
    expect(errorOf('a ==').message).to.contain('unexpected end of expression at column 5');
    expect(errorOf('a == = 1').message).to.contain("unexpected '=' at column 6");
    expect(errorOf('a == )').message).to.contain("unexpected ')' at column 6");
    expect(errorOf("'open").message).to.contain('unterminated string');
  });

  it('rejects unknown filters and tests at parse time', () => {
    expect(errorOf('a | frobnicate').message).to.contain("warren does not support the filter 'frobnicate'");
    expect(errorOf('a is frob').message).to.contain("warren does not support the test 'frob'");
  });

  it('rejects comparing different types', () => {
    expect(errorOf("a < 'b'").message).to.contain("'<' not supported between instances of 'int' and 'str'");
  });

  it('cannot reach JavaScript internals', () => {
    expect(errorOf('dict.constructor').message).to.contain("'dict.constructor' is undefined");
    expect(errorOf("name.constructor('x')").message).to.contain("warren does not support the method 'constructor' on string values");
  });
});
