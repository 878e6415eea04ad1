// async/poll with async_status, until/retries, vars_prompt without a terminal, delegate_facts: through the CLI
// on local hosts; every fixture's assertions are the answers ansible-core 2.14 gives.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlaybookCli, tempWorkdir, type CliRun } from './helpers.ts';

const out = (run: CliRun) => `${run.stdout}\n${run.stderr}`;

describe('run-playbook: task keywords', function () {
  this.timeout(120_000);

  it('async with poll 0 starts a job that async_status polls with until; poll > 0 waits; a job over its limit fails', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('keywords/async.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'async.txt'), 'utf8')).to.equal('done\n');
    expect(run.stdout).to.match(/FAILED - RETRYING: \[h1\]: async_status/);
    // the poll: 0 start counts as changed, as in Ansible
    expect(run.stdout).to.match(/h1\s+: ok=8 +changed=3 .*ignored=1/);
  });

  it('until: attempts reaches changed_when/failed_when, equals the retries when they run out, and failed_when decides over running out', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('keywords/until.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'runs.txt'), 'utf8')).to.equal('x\nx\n');
    expect(run.stdout.match(/FAILED - RETRYING: \[h1\]: failed_when true fails/g)).to.have.length(3);
    expect(run.stdout).to.match(/h1\s+: ok=6 +changed=3 .*failed=0 .*ignored=1/);
  });

  it('delegate_facts puts gathered and set facts on the delegate; without it set_fact stays with the host', () => {
    const run = runPlaybookCli('keywords/delegate-facts.yml', tempWorkdir());
    expect(run.code, out(run)).to.equal(0);
    expect(run.stdout).to.match(/h1\s+: ok=4 /);
  });
});

describe('run-playbook: vars_prompt', function () {
  this.timeout(120_000);

  it('without a terminal, a prompt with no default is a clear error before any task runs', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('keywords/vars-prompt.yml', dir);
    expect(run.code).to.not.equal(0);
    expect(run.stderr).to.contain("vars_prompt 'token' of play 'h1': no terminal to ask on (stdin is not a TTY); pass it with -e token=...");
    expect(run.stderr).to.not.match(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'prompted.txt'))).to.equal(false);
  });

  it('a value given with -e skips its prompt, and the other prompt takes its default', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('keywords/vars-prompt.yml', dir, ['-e', 'token=abc']);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'prompted.txt'), 'utf8')).to.equal('stable abc\n');
  });
});

describe('run-playbook: any_errors_fatal under an outer always', function () {
  this.timeout(120_000);

  it('runs the always first; clear_host_errors there lets the host go on and the run exits 0 with the failure in the recap', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('keywords/fatal-under-always.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'always.txt'), 'utf8')).to.equal('always ran\n');
    expect(readFileSync(join(dir, 'after.txt'), 'utf8')).to.equal('went on\n');
    expect(run.stdout).to.match(/h1\s+: ok=2 .*failed=1 /);
  });
});
