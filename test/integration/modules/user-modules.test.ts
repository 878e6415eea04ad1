// A user's own modules (library/ of a role and of the playbook) run on the host with its python3,
// as ansible-playbook runs them (the fixture's recaps are the ones ansible-core 2.14.18 prints).
// Python action plugins: action-plugins.test.ts. Needs ansible.module_utils under /usr/bin/python3
// (Debian's ansible-core, installed by scripts/install-deps.sh).
import { expect } from 'chai';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { userModule } from '../../../src/modules/library/user-module.ts';
import { runModule } from '../../support/module-context.ts';
import { processStrings, processStringsWhile } from '../../support/process-strings.ts';
import { startTrustedSshd } from '../../support/sshd.ts';
import { FIXTURES, recapOf, runPlaybookCli, tempWorkdir, type CliRun } from '../run/helpers.ts';

const out = (run: CliRun) => `${run.stdout}\n${run.stderr}`;
const GREET_FILE = join(FIXTURES, 'user-modules/roles/greeter/library/greet_file.py');

describe('user modules from library/', function () {
  this.timeout(120_000);

  it("runs a role's AnsibleModule (stdin args), WANT_JSON and old-style modules; results registered as Ansible's", () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('user-modules/site.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'greeting.txt'), 'utf8')).to.equal('hello hello ');
    expect(recapOf(run.stdout, 'h1')).to.include({ ok: 18, changed: 3, failed: 0, skipped: 0, ignored: 2 });
    // the no_log argument's value is shown nowhere
    expect(out(run)).not.to.include('tok-12345');
  });

  it("check mode: modules run with _ansible_check_mode, nothing is written, one without check support is skipped; --diff shows the module's diff", () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('user-modules/site.yml', dir, ['--check', '--diff']);
    expect(run.code, out(run)).to.equal(0);
    expect(run.stdout).to.include(`--- before: ${join(dir, 'greeting.txt')}\n+++ after: ${join(dir, 'greeting.txt')}\n`);
    expect(run.stdout).to.include('\n+hello hello \n');
    expect(existsSync(join(dir, 'greeting.txt'))).to.equal(false);
    expect(recapOf(run.stdout, 'h1')).to.include({ ok: 10, changed: 2, failed: 0, skipped: 8, ignored: 1 });
  });

  it("AnsibleModule reads Ansible's internals (version 2.14.18, syslog facility, shell...); failures keep changed; an until that runs out registers failed", () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('user-modules/internals.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    // the failed module and the failed command both count as changed, as in ansible-playbook's recap
    expect(recapOf(run.stdout, 'h1')).to.include({ ok: 9, changed: 4, failed: 0, skipped: 0, ignored: 2 });
    expect(run.stdout).to.include('fatal: [h1]: FAILED! => {"changed": true, "msg": "half done"}');
    expect(run.stdout).to.match(/TASK \[the same without a loop\][^\n]*\nFAILED - RETRYING[^\n]*\nchanged: \[h1\]\n/);
    const check = runPlaybookCli('user-modules/internals.yml', dir, ['--check', '--diff', '-vv']);
    expect(check.code, out(check)).to.equal(0);
    expect(recapOf(check.stdout, 'h1')).to.include({ ok: 2, changed: 0, failed: 0, skipped: 7 });
  });

  it('a python without ansible.module_utils: the task fails naming the module, its file and the host', () => {
    const dir = tempWorkdir();
    const python = join(dir, 'bare-python3');
    // -S: no site-packages, so Debian's dist-packages (ansible) is not importable
    writeFileSync(python, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
    chmodSync(python, 0o755);
    const run = runPlaybookCli('user-modules/site.yml', dir, ['-e', `ansible_python_interpreter=${python}`]);
    expect(run.code, out(run)).to.equal(2);
    expect(run.stdout).to.include(`greet_file (${GREET_FILE}) imports ansible.module_utils, which`);
    expect(run.stdout).to.match(/which \S*python3\S* on h1 cannot import: install ansible-core there/);
    expect(out(run)).not.to.match(/\n\s+at /);
    expect(existsSync(join(dir, 'greeting.txt'))).to.equal(false);
  });

  it('no python at the named path: the task fails naming the module and the host', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('user-modules/site.yml', dir, ['-e', 'ansible_python_interpreter=/nonexistent/python3']);
    expect(run.code, out(run)).to.equal(2);
    expect(run.stdout).to.include(`greet_file (${GREET_FILE}) needs python3 on h1: no python3 interpreter (looked for /nonexistent/python3)`);
  });

  it("over ssh with become: runs as the become user with the task's environment; its secret argument is in no process's argv or environment", async () => {
    const sshd = await startTrustedSshd();
    const conn = new SshConnection('target', sshd.settings());
    try {
      const dir = mkdtempSync(join(tmpdir(), 'warren-user-module-'));
      chmodSync(dir, 0o777);
      const token = `tok-${process.pid}-secret`;
      const args = { path: join(dir, 'as-nobody.txt'), text: 'hi', token, hold: 1.5 };
      const running = runModule(userModule(GREET_FILE), args, { conn, host: 'target', become: { user: 'nobody' }, environment: { GREET_ENV: 'over-ssh' } });
      const { result, seen } = await processStringsWhile(running);
      expect(result.failed, JSON.stringify(result)).to.equal(undefined);
      expect(result).to.include({ changed: true, uid: 65534, env_seen: 'over-ssh', token_length: token.length });
      expect(statSync(args.path).uid).to.equal(65534);
      expect(readFileSync(args.path, 'utf8')).to.equal('hi');
      expect(seen, 'the scan saw the running module').to.match(/warren-module-\w+\/greet_file\.py/);
      expect(seen).not.to.include(token);
      const again = await runModule(userModule(GREET_FILE), { ...args, hold: 0 }, { conn, host: 'target', become: { user: 'nobody' } });
      expect(again.changed).to.equal(false);
    } finally {
      await conn.close();
      await sshd.stop();
    }
  });
});
