import { expect } from 'chai';
import { createTemplateEngine } from '../../../src/template/engine.ts';

// Every filter the issue names, with the answer ansible-core 2.14 gives.
describe('jinja: Ansible filters', () => {
  const engine = createTemplateEngine();
  const vars = {
    s: 'abc',
    n: 3,
    l: ['b', 'a', 'c'],
    nums: [3, 1, 2],
    d: { k: 'v', a: 1 },
    none: null,
    users: [
      { name: 'u1', admin: true, groups: ['g1', 'g2'] },
      { name: 'u2', admin: false, groups: ['g3'] },
    ],
    nested: [1, [2, [3, [4]]]],
    path: '/etc/rabbitmq/rabbitmq.conf',
    text: 'line1\nline2',
    url: 'https://user:pw@Example.com:8443/p/a?q=1#frag',
  };
  const render = (text: string): unknown => engine.renderString(text, vars);

  const cases: Array<[string, unknown]> = [
    ["{{ nope | default('x') }}", 'x'],
    ["{{ nope | d('x') }}", 'x'],
    ["{{ '' | default('x', true) }}", 'x'],
    ["{{ '' | default('x') }}", ''],
    ['{{ n | mandatory }}', 3],
    ["{{ 'yes' | bool }}", true],
    ["{{ 'off' | bool }}", false],
    ["{{ '42' | int }}", 42],
    ["{{ 'x' | int }}", 0],
    ["{{ '0x1F' | int(base=16) }}", 31],
    ["{{ '3.5' | float }}", 3.5],
    ['{{ n | string }}', '3'],
    ['{{ l | length }}', 3],
    ['{{ d | count }}', 2],
    ["{{ l | join(',') }}", 'b,a,c'],
    ["{{ 'a,b' | split(',') }}", ['a', 'b']],
    ["{{ l | map('upper') | list }}", ['B', 'A', 'C']],
    ["{{ users | map(attribute='name') | list }}", ['u1', 'u2']],
    ["{{ nums | select('odd') | list }}", [3, 1]],
    ["{{ nums | reject('odd') | list }}", [2]],
    ["{{ users | selectattr('admin') | map(attribute='name') | list }}", ['u1']],
    ["{{ users | rejectattr('admin') | map(attribute='name') | list }}", ['u2']],
    ["{{ users | selectattr('name', 'equalto', 'u2') | map(attribute='name') | first }}", 'u2'],
    ["{{ 'ab' | list }}", ['a', 'b']],
    ['{{ [1, 2, 1] | unique }}', [1, 2]],
    ['{{ [1, 2] | union([2, 3]) }}', [1, 2, 3]],
    ['{{ [1, 2] | intersect([2, 3]) }}', [2]],
    ['{{ [1, 2] | difference([2, 3]) }}', [1]],
    ['{{ [1, 2] | symmetric_difference([2, 3]) }}', [1, 3]],
    ['{{ nested | flatten }}', [1, 2, 3, 4]],
    ['{{ nested | flatten(levels=1) }}', [1, 2, [3, [4]]]],
    ['{{ l | first }}', 'b'],
    ['{{ l | last }}', 'c'],
    ['{{ nums | min }}', 1],
    ['{{ nums | max }}', 3],
    ['{{ nums | sum }}', 6],
    ['{{ l | sort }}', ['a', 'b', 'c']],
    ['{{ l | sort(reverse=true) }}', ['c', 'b', 'a']],
    ["{{ users | sort(attribute='name', reverse=true) | map(attribute='name') | list }}", ['u2', 'u1']],
    ['{{ nums | reverse | list }}', [2, 1, 3]],
    [
      '{{ d | dict2items }}',
      [
        { key: 'k', value: 'v' },
        { key: 'a', value: 1 },
      ],
    ],
    ["{{ [{'key': 'a', 'value': 1}] | items2dict }}", { a: 1 }],
    ["{{ {'a': {'x': 1}, 'l': [1]} | combine({'a': {'y': 2}, 'l': [2]}, recursive=true, list_merge='append') }}", { a: { x: 1, y: 2 }, l: [1, 2] }],
    ["{{ {'a': {'x': 1}} | combine({'a': {'y': 2}}) }}", { a: { y: 2 } }],
    [
      '{{ [1, 2] | zip(["a", "b"]) | list }}',
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      '{{ [1, 2] | zip_longest(["a"], fillvalue="-") | list }}',
      [
        [1, 'a'],
        [2, '-'],
      ],
    ],
    [
      '{{ d | dictsort }}',
      [
        ['a', 1],
        ['k', 'v'],
      ],
    ],
    ["{{ users | subelements('groups') | map('last') | list }}", ['g1', 'g2', 'g3']],
    ["{{ 'node-12' | regex_replace('^(\\\\w+)-(\\\\d+)$', '\\\\2@\\\\1') }}", '12@node'],
    ["{{ 'ABC' | regex_replace('b', 'x', ignorecase=true) }}", 'AxC'],
    ["{{ 'port 5672 and 15672' | regex_search('\\\\d+') }}", '5672'],
    ["{{ 'port 5672 and 15672' | regex_findall('\\\\d+') }}", ['5672', '15672']],
    ["{{ 'a.b*c' | regex_escape }}", 'a\\.b\\*c'],
    ["{{ 'a-b-c' | replace('-', '_') }}", 'a_b_c'],
    ["{{ 'AbC' | lower }}", 'abc'],
    ['{{ s | upper }}', 'ABC'],
    ["{{ 'hello world' | capitalize }}", 'Hello world'],
    ["{{ 'hello world' | title }}", 'Hello World'],
    ["{{ '  x  ' | trim }}", 'x'],
    ["{{ 'ab' | center(6) }}", '  ab  '],
    ['{{ text | indent(2) }}', 'line1\n  line2'],
    ['{{ text | indent(2, true) }}', '  line1\n  line2'],
    ["{{ 'aaa bbb ccc' | wordwrap(7) }}", 'aaa bbb\nccc'],
    ['{{ "it\'s" | quote }}', `'it'"'"'s'`],
    ['{{ path | basename }}', 'rabbitmq.conf'],
    ['{{ path | dirname }}', '/etc/rabbitmq'],
    ["{{ '~/x' | expanduser is match('/') }}", true],
    ["{{ '/etc/../etc' | realpath }}", '/etc'],
    ["{{ '/etc/rabbitmq/x' | relpath('/etc') }}", 'rabbitmq/x'],
    ['{{ path | splitext }}', ['/etc/rabbitmq/rabbitmq', '.conf']],
    ["{{ ['/etc', 'rabbitmq', 'x.conf'] | path_join }}", '/etc/rabbitmq/x.conf'],
    ['{{ d | to_json }}', '{"k": "v", "a": 1}'],
    ['{{ d | to_nice_json }}', '{\n    "a": 1,\n    "k": "v"\n}'],
    ['{{ \'{"a": [1, true]}\' | from_json }}', { a: [1, true] }],
    ['{{ d | to_yaml }}', '{k: v, a: 1}\n'],
    ["{{ {'b': [1, 2], 'a': {'c': 'x'}} | to_nice_yaml | from_yaml }}", { b: [1, 2], a: { c: 'x' } }],
    ["{{ {'a': {'c': 'x'}} | to_nice_yaml }}", 'a:\n    c: x\n'],
    ["{{ 'a: [1, 2]' | from_yaml }}", { a: [1, 2] }],
    ["{{ 'cookie' | b64encode }}", 'Y29va2ll'],
    ["{{ 'Y29va2ll' | b64decode }}", 'cookie'],
    ["{{ 'abc' | hash('md5') }}", '900150983cd24fb0d6963f7d28e17f72'],
    ["{{ 'abc' | hash('sha256') }}", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ["{{ 'abc' | checksum }}", 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ["{{ 'secret' | password_hash('sha512', 'mysalt') }}", '$6$mysalt$UX6P1VKOf6dr0s2pg4pLNvIUB6hLXvP6M5f/Yj9hJgMPdAJ4oArvk5YUD9/XWtk1JOpVwt/JTsczMJr8sFVML1'],
    ["{{ true | ternary('a', 'b') }}", 'a'],
    ["{{ none | ternary('a', 'b', 'n') }}", 'n'],
    ['{{ d | type_debug }}', 'dict'],
    ["{{ 'x' | type_debug }}", 'str'],
    ["{{ '1.10' | version('1.9', '>') }}", true],
    ["{{ '1.10' | version_compare('1.9', 'lt') }}", false],
    ['{{ range(1, 7, 2) | list }}', [1, 3, 5]],
    ["{{ [1, 2, 3, 4, 5] | shuffle(seed='x') == [1, 2, 3, 4, 5] | shuffle(seed='x') }}", true],
    ["{{ [1, 2, 3] | random(seed='x') in [1, 2, 3] }}", true],
    ["{{ url | urlsplit('hostname') }}", 'example.com'],
    ["{{ url | urlsplit('port') }}", 8443],
    ["{{ url | urlsplit('query') }}", 'q=1'],
    ["{{ 'managed' | comment }}", '#\n# managed\n#\n'],
    ["{{ 'x' | comment('c') }}", '//\n// x\n//\n'],
    ['{{ l | ansible.builtin.join("-") }}', 'b-a-c'],
    ["{{ ['k', 'a'] | map('extract', d) | list }}", ['v', 1]],
  ];

  for (const [template, expected] of cases) {
    it(`${template} -> ${JSON.stringify(expected)}`, () => {
      expect(render(template)).to.deep.equal(expected);
    });
  }

  it('random without a seed still picks from the list; password_hash without a salt verifies', () => {
    expect([1, 2, 3]).to.include(render('{{ [1, 2, 3] | random }}'));
    expect(render("{{ 'pw' | password_hash('sha512') }}")).to.match(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  });

  it('mandatory fails naming the variable, or with its own message', () => {
    expect(() => render('{{ nope | mandatory }}')).to.throw(/Mandatory variable 'nope' not defined/);
    expect(() => render("{{ nope | mandatory('set it') }}")).to.throw(/set it/);
  });
});
