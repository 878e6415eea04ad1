import { expect } from 'chai';
import { createTemplateEngine } from '../../../src/template/engine.ts';
import { isTrue } from '../../../src/template/expression.ts';

describe('jinja: expressions and tests', () => {
  const engine = createTemplateEngine();
  const vars = {
    s: 'abc',
    n: 3,
    f: 2.5,
    l: ['a', 'b'],
    d: { k: 'v' },
    nothing: null,
    flag: true,
    no: 'false',
    ok: { changed: true, failed: false, skipped: false },
    bad: { changed: false, failed: true },
    skip: { changed: false, skipped: true },
    csv: 'a, b ,c',
  };
  const render = (text: string): unknown => engine.renderString(text, vars);

  const cases: Array<[string, unknown]> = [
    ["{{ 'a' ~ 1 ~ none }}", 'a1None'],
    ['{{ 1 + 2 * 3 - 4 / 2 }}', '5.0'], // ansible-core 2.14: a whole float is its text
    ['{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 3 ** 2 }}', '3 -4 1 2 64'], // Jinja's ** is left-associative
    ["{{ 'ab' * 2 }} {{ [1] * 2 }}", 'abab [1, 1]'],
    ["{{ 'b' in l }} {{ 'z' not in l }} {{ 'k' in d }} {{ 'bc' in s }}", 'True True True True'],
    ['{{ n > 2 and not (n == 4) or false }}', true],
    ['{{ [1, 2] < [1, 3] }}', true],
    ["{{ 'yes' if flag else 'no' }}", 'yes'],
    ["{{ 'yes' if nothing else 'no' }}", 'no'],
    ['{{ l[-1] }} {{ l[0:1] }} {{ s[1:] }} {{ s[::-1] }}', "b ['a'] bc cba"],
    ["{{ d['k'] }} {{ d.k }} {{ l.1 }}", 'v v b'],
    ["{{ csv.split(',') | map('trim') | list }}", ['a', 'b', 'c']],
    ["{{ s.startswith('ab') }} {{ s.endswith(('x', 'c')) }} {{ ' x '.strip() }}", 'True True x'],
    ["{{ 'a-b'.replace('-', '+') }} {{ s.upper() }} {{ 'ABC'.lower() }}", 'a+b ABC abc'],
    ["{{ '{}:{}'.format('h', 80) }} {{ '%s=%05.1f' % ('x', 3.14159) }} {{ '%(a)s' % {'a': 1} }}", 'h:80 x=003.1 1'],
    ['{{ d.items() | list }} {{ d.keys() | list }} {{ d.values() | list }}', "[('k', 'v')] ['k'] ['v']".replace(/\(/g, '[').replace(/\)/g, ']')],
    ["{{ d.get('k') }} {{ d.get('z', 'dflt') }} {{ '-'.join(l) }}", 'v dflt a-b'],
    ["{{ {'a': 1, 'b': [true, none]} }}", { a: 1, b: [true, null] }],
    ['{{ (1, 2) }}', '(1, 2)'], // a tuple is its text too
    // ansible-core 2.14: *args after keyword arguments and **kwargs in calls
    ["{{ lookup('list', wantlist=True, *l) }} {{ dict(y=2, **d) }} {{ '%s-%s' | format(*l) }}", "['a', 'b'] {'y': 2, 'k': 'v'} a-b"],
    ['{{ s is defined }} {{ nope is undefined }} {{ nothing is none }}', 'True True True'],
    ['{{ s is string }} {{ n is number }} {{ f is float }} {{ n is integer }} {{ d is mapping }}', 'True True True True True'],
    ['{{ l is iterable }} {{ l is sequence }} {{ n is iterable }} {{ flag is boolean }}', 'True True False True'],
    ["{{ s is match('a') }} {{ s is match('b') }} {{ s is search('b') }} {{ s is regex('^a.c$') }}", 'True False True True'],
    ["{{ '2.14.1' is version('2.9', '>=') }} {{ '1.0' is version('1.0.1', 'lt') }} {{ '1.0' is version_compare('1.0', '==') }}", 'True True True'],
    ["{{ ['a'] is subset(l) }} {{ l is superset(['b']) }} {{ ['z'] is subset(l) }}", 'True True False'],
    ['{{ ok is succeeded }} {{ ok is changed }} {{ bad is failed }} {{ skip is skipped }} {{ ok is success }}', 'True True True True True'],
    ["{{ s is truthy }} {{ '' is falsy }} {{ 'no' is truthy(convert_bool=true) }}", 'True True False'],
    ['{{ 4 is divisibleby 2 }} {{ 3 is odd }} {{ 2 is even }} {{ n is eq 3 }} {{ n is gt(2) }}', 'True True True True True'],
    ["{{ lookup('vars', 's') }} {{ query('items', [1, 2]) }} {{ lookup('items', ['a', 'b']) }}", 'abc [1, 2] a,b'],
    ["{{ lookup('env', 'WARREN_NO_SUCH_VAR', default='dflt') }}", 'dflt'],
    ["{{ lookup('pipe', 'echo hi') }}", 'hi'],
    ["{{ lookup('pipe', 'echo {{ csv }}') }}", 'a, b ,c'],
    ['{% set x = n + 1 %}{{ x }}', '4'],
  ];

  for (const [template, expected] of cases) {
    it(`${template} -> ${JSON.stringify(expected)}`, () => {
      expect(render(template)).to.deep.equal(expected);
    });
  }

  it('keeps the native type of exactly one {{ expr }} and makes everything else text', () => {
    expect(render('{{ n }}')).to.equal(3);
    expect(render('{{ flag }}')).to.equal(true);
    expect(render('{{ l }}')).to.deep.equal(['a', 'b']);
    expect(render('{{ d }}')).to.deep.equal({ k: 'v' });
    expect(render('{{ nothing }}')).to.equal(null);
    expect(render(' {{ n }}')).to.equal(' 3');
    expect(render('{{ n }}{{ n }}')).to.equal('33');
    expect(render('{{ flag }} ')).to.equal('True ');
  });

  it('evaluates bare conditions and braced ones the same way, a templated "false" as false', () => {
    expect(isTrue('flag', vars)).to.equal(true);
    expect(isTrue('{{ flag }}', vars)).to.equal(true);
    expect(isTrue('no', vars)).to.equal(true);
    expect(isTrue('{{ no }}', vars)).to.equal(false);
    expect(isTrue('{{ n }} == 3', vars)).to.equal(true);
    expect(isTrue("'yes' | bool", vars)).to.equal(true);
    expect(isTrue('ok is changed and bad is failed', vars)).to.equal(true);
    expect(isTrue('nope is defined', vars)).to.equal(false);
    expect(isTrue("nope | default('') | length == 0", vars)).to.equal(true);
  });

  it("now(fmt=...) knows Python's strftime codes, %f included (the loops target times a pause with it)", () => {
    expect(render("{{ now(fmt='%s.%f') }}")).to.match(/^\d+\.\d{6}$/);
    expect(render("{{ now(fmt='%y %j %I%p %a %A %b %B') }}")).to.match(/^\d\d \d{3} \d\d[AP]M [A-Z][a-z]{2} [A-Z][a-z]+day [A-Z][a-z]{2} [A-Z][a-z]+$/);
  });

  it('says what is not supported, never a JavaScript message', () => {
    expect(() => render('{{ s | frobnicate }}')).to.throw(/warren does not support the filter 'frobnicate'/);
    expect(() => render('{{ s is frob }}')).to.throw(/warren does not support the test 'frob'/);
    expect(() => render('{{ s.frob() }}')).to.throw(/warren does not support the method 'frob' on string values/);
    expect(() => render("{{ lookup('frob', 'x') }}")).to.throw(/warren does not support the lookup 'frob'/);
    expect(() => render('{{ s.constructor }}')).to.throw(/'s.constructor' is undefined/);
    expect(() => render('{{ n() }}')).to.throw(/'int' object is not callable/);
    expect(() => render("{{ 1 + 'a' }}")).to.throw(/unsupported operand type\(s\) for \+: 'int' and 'str'/);
  });
});
