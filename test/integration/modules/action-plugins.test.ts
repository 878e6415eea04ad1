// A user's Python action plugins (action_plugins/ next to the playbook and in a role) run on the
// controller with python3, unchanged: they wrap shell, run modules through _execute_module, raise
// Ansible's errors, shadow a builtin module name. The recaps are those ansible-playbook 2.14.18
// prints for the same playbooks with the same inventory and -c local.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processStrings, processStringsWhile } from '../../support/process-strings.ts';
import { FIXTURES, INVENTORY, ROOT, recapOf, runPlaybookCli, tempWorkdir, type CliRun } from '../run/helpers.ts';

const out = (run: CliRun) => `${run.stdout}\n${run.stderr}`;
const PLUGINS = join(FIXTURES, 'action-plugins/action_plugins');
const NO_STACK = /\n\s+at /;

/** The CLI in the background, so the test can look at the processes while the plugin holds. */
function runInBackground(playbook: string, workdir: string, args: string[]): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/run-playbook.js'), join(FIXTURES, playbook), '-i', INVENTORY, '-c', 'local', '-e', `workdir=${workdir}`, ...args],
    {
      cwd: workdir,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('Python action plugins on the controller', function () {
  this.timeout(120_000);

  it("wrap shell, run ping through _execute_module, fail with AnsibleActionFail, shadow stat, come from a role: Ansible's recap", () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('action-plugins/site.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(recapOf(run.stdout, 'h1')).to.include({ ok: 20, changed: 4, failed: 0, skipped: 0, ignored: 4 });
    // the until on rc ran three times: the counter went 2, 1, 0
    expect(readFileSync(join(dir, 'counter'), 'utf8').trim()).to.equal('-1');
    expect(run.stdout).to.include('fatal: [h1]: FAILED! => {"msg": "refused: because", "changed": false}');
    // an unexpected exception: Ansible's lines, plus where in the plugin it was raised
    expect(run.stdout).to.include('The error was: ZeroDivisionError: integer division or modulo by zero\n');
    expect(run.stdout).to.include(
      `"Unexpected failure during module execution: integer division or modulo by zero (ZeroDivisionError: ${join(PLUGINS, 'broken.py')}, line 6)"`,
    );
    expect(out(run)).not.to.match(NO_STACK);
  });

  it("a plugin's prints stay off the pipe; display.warning is a [WARNING], display.v a -v line; the action loader gives the user's other plugin", () => {
    const run = runPlaybookCli('action-plugins/chatty.yml', tempWorkdir(), ['-v']);
    expect(run.code, out(run)).to.equal(0);
    expect(recapOf(run.stdout, 'h1')).to.include({ ok: 3, changed: 0, failed: 0 });
    expect(run.stderr).to.include('[WARNING]: careful with pipes\n');
    expect(run.stdout).to.match(/TASK \[chatty\] \*+\na line for -v\nok: \[h1\] => \{"changed": false, "said": "pipes"\}\n/);
    expect(out(run)).not.to.include('not the result');
  });

  it('check mode: the copy the plugin runs only predicts, nothing is written; a real run writes', () => {
    const dir = tempWorkdir();
    const check = runPlaybookCli('action-plugins/check.yml', dir, ['--check']);
    expect(check.code, out(check)).to.equal(0);
    expect(recapOf(check.stdout, 'h1')).to.include({ ok: 2, changed: 1, failed: 0 });
    expect(existsSync(join(dir, 'written.txt'))).to.equal(false);
    const real = runPlaybookCli('action-plugins/check.yml', dir);
    expect(real.code, out(real)).to.equal(0);
    expect(readFileSync(join(dir, 'written.txt'), 'utf8')).to.equal('hi\n');
  });

  it("reads task vars and templates over the pipe: the secret is in no process's argv or environment; become comes from the runner", async () => {
    const dir = tempWorkdir();
    const token = `tok-${process.pid}-plugin-secret`;
    writeFileSync(join(dir, 'secret.yml'), `token: ${token}\n`);
    const running = runInBackground('action-plugins/secret.yml', dir, ['-e', 'hold=1.5']);
    const { result: run, seen } = await processStringsWhile(running);
    expect(run.code, out(run)).to.equal(0);
    expect(recapOf(run.stdout, 'h1')).to.include({ ok: 2, failed: 0 });
    expect(seen, 'the scan saw the plugin running').to.include('warren bridge');
    expect(seen).not.to.include(token);
    expect(out(run)).not.to.include(token);
  });

  it("without python3 on the controller's PATH: the task fails naming the plugin and its file", () => {
    const dir = tempWorkdir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync('/bin/sh', join(bin, 'sh'));
    const run = runPlaybookCli('action-plugins/missing-python.yml', dir, [], { PATH: bin });
    expect(run.code, out(run)).to.equal(2);
    expect(run.stdout).to.include(
      `fatal: [h1]: FAILED! => {"changed": false, "msg": "the action plugin ping_module (${join(PLUGINS, 'ping_module.py')}) could not run: python3 was not found on the controller's PATH"}`,
    );
    expect(out(run)).not.to.match(NO_STACK);
  });

  it('a plugin that does not compile: the task fails naming its file and the error', () => {
    const run = runPlaybookCli('action-plugins/unloadable.yml', tempWorkdir());
    expect(run.code, out(run)).to.equal(2);
    expect(run.stdout).to.include(`could not load the action plugin ${join(PLUGINS, 'half_written.py')}: SyntaxError: expected ':' (half_written.py, line 5)`);
    expect(out(run)).not.to.match(NO_STACK);
  });
});
