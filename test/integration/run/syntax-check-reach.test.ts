import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptAnsibleText } from '../../../src/vault/ansible-format.ts';
import { ROOT } from './helpers.ts';

// --syntax-check reaches what the playbook names: included task files and roles (literal names,
// or names extra/play/role vars resolve at load), lookup('template') files and vaulted vars files;
// each problem is exit 4 at file:line:col, before any host.
describe('--syntax-check reaches includes, template lookups and vaulted vars files', function () {
  this.timeout(120_000);

  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'warren-synreach-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local\n');
    writeFileSync(join(dir, 'pw.txt'), 'hunter2\n');
    return dir;
  }

  function check(dir: string, args: string[] = []): { code: number | null; out: string } {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), 'site.yml', '-i', 'inv.ini', '--syntax-check', ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  const play = (tasks: string, extra = ''): string => `- hosts: testhost\n  gather_facts: false\n  vars: { which: inner }\n${extra}  tasks:\n${tasks}`;
  const BAD_TASK = '- debug: { msg: "{{ x | nope_filter }}" }\n';

  it('a computed include_tasks name resolved from play vars, and the file it includes in turn', () => {
    const dir = project({
      'site.yml': play('  - include_tasks: "{{ which }}.yml"\n'),
      'inner.yml': '- include_tasks: deeper.yml\n',
      'deeper.yml': `- debug: { msg: ok }\n${BAD_TASK}`,
    });
    const r = check(dir);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${dir}/deeper.yml:2:3: template error in 'args.msg': warren does not support the filter 'nope_filter'`);
  });

  it('an include_role named by extra vars; a name only a host knows is left to the run', () => {
    const dir = project({
      'site.yml': play('  - include_role: { name: "{{ role_to_use }}" }\n  - include_tasks: "{{ inventory_hostname }}.yml"\n'),
      'roles/r1/tasks/main.yml': BAD_TASK,
    });
    expect(check(dir).code).to.equal(0); // role_to_use unknown at load: not loaded
    const r = check(dir, ['-e', 'role_to_use=r1']);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${dir}/roles/r1/tasks/main.yml:1:3: template error in 'args.msg'`);
  });

  it("a file named in lookup('template', ...)", () => {
    const dir = project({
      'site.yml': play(`  - debug: { msg: "{{ lookup('template', 'conf.j2') }}" }\n`),
      'templates/conf.j2': 'a\n{% if x %}\nno end\n',
    });
    const r = check(dir);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${dir}/templates/conf.j2:2:1: template syntax error: 'if' tag is not closed`);
  });

  it('a vaulted vars file: decrypted and checked with the password, an error without one', () => {
    const dir = project({
      'site.yml': play('  - debug: { msg: "{{ token }}" }\n', '  vars_files: [secret.yml]\n'),
      'secret.yml': encryptAnsibleText('token: "{{ s3cret | nope_filter }}"\n', 'hunter2'),
    });
    const r = check(dir, ['--vault-password-file', 'pw.txt']);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${dir}/secret.yml:1:8: template error in a value of this vaulted file (not shown: it is secret`);
    expect(r.out).to.not.include('s3cret');
    const none = check(dir);
    expect(none.code).to.equal(4);
    expect(none.out).to.include(`${dir}/secret.yml:1:1: vaulted value but no vault password given`);
  });
});
