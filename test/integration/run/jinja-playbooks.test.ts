import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

// Real playbooks with Jinja in values, conditions and .j2 files, run by the real CLI on the
// local connection; and the load-time checks that stop a bad expression before any host.
describe('Jinja in playbooks: run and --syntax-check', function () {
  this.timeout(120_000);

  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'warren-jinja-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local\n');
    return dir;
  }

  function run(dir: string, args: string[] = []): { code: number | null; out: string } {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), 'site.yml', '-i', 'inv.ini', '-c', 'local', '-e', `out=${dir}/out`, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  const play = (tasks: string, vars = '  vars: {}\n'): string => `- hosts: testhost\n  gather_facts: false\n${vars}  tasks:\n${tasks}`;

  it('renders values, conditions and a .j2 template as Ansible does', () => {
    const dir = project({
      'site.yml': play(
        `  - file: { path: '{{ out }}', state: directory }
  - set_fact:
      ports: "{{ nodes | map(attribute='port') | list }}"
      first: "{{ nodes | first }}"
      label: "{{ 'many' if nodes | length > 1 else 'one' }}"
  - template: { src: conf.j2, dest: '{{ out }}/app.conf' }
    when: ports | sum == 3 and first.name is match('n')
  - copy: { content: "{{ ports | to_json }} {{ label }} {{ flag | bool }}", dest: '{{ out }}/values.txt' }
    when: "'yes' | bool"
`,
        `  vars:
    flag: "yes"
    nodes:
    - { name: n1, port: 1 }
    - { name: n2, port: 2 }
`,
      ),
      'templates/conf.j2':
        '# {{ ansible_managed }}\n{% for n in nodes %}\nserver {{ n.name }}:{{ n.port }}{{ "" if loop.last else "," }}\n{% endfor %}\n{# a comment #}\nsrc={{ template_path | basename }}\n',
    });
    const result = run(dir);
    expect(result.code, result.out).to.equal(0);
    expect(readFileSync(join(dir, 'out/app.conf'), 'utf8')).to.equal('# Ansible managed\nserver n1:1,\nserver n2:2\nsrc=conf.j2\n');
    expect(readFileSync(join(dir, 'out/values.txt'), 'utf8')).to.equal('[1, 2] many True');
  });

  const cases: Array<[string, Record<string, string>, RegExp]> = [
    [
      'an unsupported filter in a module argument',
      { 'site.yml': play('  - debug: { msg: "{{ \'a\' | frobnicate }}" }\n') },
      /site\.yml:5:5: template error in 'args\.msg': warren does not support the filter 'frobnicate'/,
    ],
    [
      'a syntax error in when',
      { 'site.yml': play('  - debug: { msg: hi }\n    when: a ==\n') },
      /site\.yml:5:5: template error in 'when': unexpected end of expression at column 5/,
    ],
    [
      'an unclosed {{ in play vars',
      { 'site.yml': play('  - debug: { msg: hi }\n', "  vars:\n    x: '{{ y'\n") },
      /site\.yml:1:3: template error in 'vars\.x': unexpected end of template, expected '}}'/,
    ],
    [
      'an unsupported tag in a value',
      { 'site.yml': play("  - debug: { msg: '{% trans %}hi{% endtrans %}' }\n") },
      /template error in 'args\.msg': warren does not support the 'trans' tag/,
    ],
    [
      'an unknown test in failed_when',
      { 'site.yml': play("  - command: 'true'\n    failed_when: r is frob\n") },
      /template error in 'failed_when': warren does not support the test 'frob'/,
    ],
    [
      'a broken template file named by a literal src',
      { 'site.yml': play('  - template: { src: bad.j2, dest: /nonexistent/x }\n'), 'templates/bad.j2': 'ok\n{% for x in l %}\n{{ x }}\n' },
      /templates\/bad\.j2:2:1: template syntax error: 'for' tag is not closed/,
    ],
    [
      'a broken template included two levels down from a literal src',
      {
        'site.yml': play('  - template: { src: top.j2, dest: /nonexistent/x }\n'),
        'templates/top.j2': 'a\n{% include "mid.j2" %}\n',
        'templates/mid.j2': '{% extends "base.j2" %}\n',
        'templates/base.j2': 'x\n  {{ a | }}\n',
      },
      /templates\/base\.j2:2:3: template syntax error: expected a filter name after "\|" .*\(included from \S+templates\/top\.j2:2 <- \S+templates\/mid\.j2:1\)/,
    ],
    [
      'a broken template imported by a macro file from a role template',
      {
        'site.yml': '- hosts: testhost\n  gather_facts: false\n  roles: [r]\n',
        'roles/r/tasks/main.yml': '- template: { src: conf.j2, dest: /nonexistent/x }\n',
        'roles/r/templates/conf.j2': "{% from 'macros.j2' import m %}{{ m() }}\n",
        'roles/r/templates/macros.j2': '{% macro m() %}{% if %}{% endif %}{% endmacro %}\n',
      },
      /roles\/r\/templates\/macros\.j2:1:\d+: template syntax error: .*\(included from \S+conf\.j2:1\)/,
    ],
    [
      'a broken template whose templated src play vars resolve',
      { 'site.yml': play('  - template: { src: "{{ name }}.j2", dest: /nonexistent/x }\n', '  vars: { name: bad }\n'), 'templates/bad.j2': '{{ x\n' },
      /templates\/bad\.j2:1:\d+: template syntax error/,
    ],
  ];

  it('--syntax-check renders a templated src with -e vars; one that needs facts is left to the run', () => {
    const dir = project({
      'site.yml': play(
        '  - template: { src: "{{ which }}.j2", dest: /nonexistent/x }\n  - template: { src: "{{ ansible_hostname }}.j2", dest: /nonexistent/y }\n',
      ),
      'templates/bad.j2': '{% if x %}\n',
    });
    const check = run(dir, ['--syntax-check', '-e', 'which=bad']);
    expect(check.code, check.out).to.equal(4);
    expect(check.out).to.match(/templates\/bad\.j2:1:1: template syntax error: 'if' tag is not closed/);
    expect(run(dir, ['--syntax-check', '-e', 'which=missing']).code).to.equal(0);
  });

  for (const [what, files, message] of cases) {
    it(`--syntax-check and a run both stop at ${what}, exit 4, nothing touched`, () => {
      const dir = project(files);
      const check = run(dir, ['--syntax-check']);
      expect(check.code, check.out).to.equal(4);
      expect(check.out).to.match(message);
      const real = run(dir);
      expect(real.code, real.out).to.equal(4);
      expect(readdirSync(dir)).to.not.include('out');
    });
  }
});
