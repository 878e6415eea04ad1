import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recapOf, runPlaybookCli, tempWorkdir } from './helpers.ts';

describe('run-playbook task keywords (keywords fixture, serial: 2)', function () {
  this.timeout(120_000);
  let dir: string;
  let run: ReturnType<typeof runPlaybookCli>;
  const read = (p: string) => readFileSync(join(dir, p), 'utf8');

  before(() => {
    dir = tempWorkdir();
    run = runPlaybookCli('keywords/site.yml', dir, ['-v']);
  });

  it('exits 0 with the ignored failure counted', () => {
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    expect(run.stdout).to.contain('...ignoring');
    for (const h of ['h1', 'h2', 'h3']) expect(recapOf(run.stdout, h)).to.include({ failed: 0, ignored: 1 });
  });

  it('gathered facts are visible as ansible_facts.x and ansible_x', () => {
    const [a, b] = read('h1/facts').trim().split('=');
    expect(a).to.equal(b).and.not.equal('');
  });

  it('run_once runs on the first host of each serial batch and registers on all', () => {
    expect(read('run-once.log')).to.equal('h1\nh3\n');
    expect(read('h2/once-rc')).to.equal('0\n');
  });

  it('delegate_to localhost runs once per host on the controller', () => {
    expect(read('delegated.log').trim().split('\n').sort()).to.deep.equal(['h1', 'h2', 'h3']);
    expect(run.stdout).to.contain('[h1 -> localhost]');
  });

  it("a loop's delegate_to is shown rendered per item, never as its template", () => {
    expect(run.stdout).to.contain('failed: [h1 -> localhost] (item=localhost)');
    expect(run.stdout).to.contain('fatal: [h1]: FAILED! => {"msg": "One or more items failed"}');
    expect(run.stdout).not.to.contain('{{ item }}');
  });

  it('until/retries with delay 0 retries until the condition holds', () => {
    expect(read('h2/tries')).to.equal('x\nx\nx\n');
    expect(run.stdout).to.contain('FAILED - RETRYING: [h2]');
  });

  it('loop register gives results[] and no_log hides the result even with -v', () => {
    expect(read('h3/looped')).to.equal('b\n');
    expect(run.stdout + run.stderr).not.to.contain('hunter2');
    expect(run.stdout).to.contain("the output has been hidden due to the fact that 'no_log: true' was specified for this result");
  });
});
