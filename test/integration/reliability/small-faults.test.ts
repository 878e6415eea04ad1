// Smaller faults through the real CLI: an invalid file mode is refused at load time with its
// location before any task runs; printing hostvars[inventory_hostname] works, and a variable that
// holds it (a value that contains itself) fails with a clear message, never a stack overflow;
// a no_log task's registered result behaves as the README says (and as Ansible).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

describe('reliability: small faults', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-small-'));
    writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function run(name: string, tasks: string, vars = '', args: string[] = []) {
    const file = join(dir, name);
    writeFileSync(file, `- hosts: all\n  gather_facts: false\n${vars}  tasks:\n${tasks}`);
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), file, '-i', join(dir, 'inventory.ini'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const out = r.stdout + r.stderr;
    expect(out, 'no stack trace').not.to.match(/^\s+at .+:\d+:\d+\)?$/m);
    return { code: r.status, out, file };
  }

  for (const [mode, shown] of [
    ["'0999'", '"0999"'],
    ["'u=rwz'", '"u=rwz"'],
    ['4096', '4096'],
  ]) {
    it(`mode: ${mode} is refused at load time with file:line:col, before any task runs`, () => {
      const first = join(dir, `first-${mode.replace(/\W/g, '')}`);
      const r = run('mode.yml', `    - copy: { content: "x", dest: ${first} }\n    - file: { path: ${dir}/other, state: touch, mode: ${mode} }\n`);
      expect(r.code, r.out).to.equal(4);
      expect(r.out).to.include(`${r.file}:5:`);
      expect(r.out).to.include(`file: 'mode' must be an octal mode ('0644') or a symbolic one ('u=rw,g=r'), got ${shown}`);
      expect(existsSync(first)).to.equal(false);
    });
  }

  it('valid modes, octal and symbolic, still load and apply', () => {
    const r = run(
      'good.yml',
      `    - file: { path: ${dir}/a, state: touch, mode: '0640' }\n    - file: { path: ${dir}/b, state: touch, mode: 'u=rw,g=r,o=' }\n`,
    );
    expect(r.code, r.out).to.equal(0);
  });

  it('debug: var=hostvars[inventory_hostname] prints the host vars', () => {
    const r = run('hostvars.yml', '    - debug: var=hostvars[inventory_hostname]\n');
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/"hostvars\[inventory_hostname\]": \{[\s\S]*"inventory_hostname": "target"/);
  });

  it('a host variable holding hostvars[inventory_hostname] (it contains itself) fails with a clear message', () => {
    const inv = mkdtempSync(join(dir, 'self-inv-'));
    writeFileSync(join(inv, 'inventory.ini'), 'target ansible_connection=local\n');
    mkdirSync(join(inv, 'host_vars'));
    writeFileSync(join(inv, 'host_vars', 'target.yml'), 'me: "{{ hostvars[inventory_hostname] }}"\n');
    const r = run('self.yml', '    - debug: var=me\n', '', ['-i', join(inv, 'inventory.ini')]);
    expect(r.code, r.out).to.equal(2);
    expect(r.out).to.include('recursive loop detected: a value refers to itself');
    expect(r.out).not.to.include('Maximum call stack');
  });

  it('a play variable holding hostvars[inventory_hostname] prints it: hostvars holds no play vars, as in Ansible', () => {
    const r = run('self-play.yml', '    - debug: var=me\n', '  vars:\n    me: "{{ hostvars[inventory_hostname] }}"\n');
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/"me": \{[\s\S]*"inventory_hostname": "target"/);
  });

  it("a no_log task's registered result: hidden in its own output, printed by a later debug unless that has no_log (README), with -v", () => {
    const token = 'nolog-registered-7d2e';
    const r = run(
      'nolog-register.yml',
      `    - command: echo ${token}
      register: r
      no_log: true
    - name: later debug
      debug: var=r.stdout
    - name: later debug with no_log
      debug: var=r.stdout
      no_log: true
`,
      '',
      ['-v'],
    );
    expect(r.code, r.out).to.equal(0);
    const [own, later, hidden] = r.out.split(/^TASK /m).slice(1);
    expect(own).not.to.include(token);
    expect(own).to.include("the output has been hidden due to the fact that 'no_log: true' was specified for this result");
    expect(later).to.include(`"r.stdout": "${token}"`);
    expect(hidden).not.to.include(token);
  });

  it('output beyond 32 MiB is cut with a note saying how much was dropped', () => {
    const r = run('output.yml', '    - shell: yes \'a short line\' | head -c 40M\n      register: r\n    - debug: msg="{{ r.stdout[-120:] }}"\n');
    expect(r.code, r.out.slice(-2000)).to.equal(0);
    expect(r.out).to.include(`output cut after 32 MiB; ${8 * 1024 * 1024} more bytes were dropped`);
  });
});
