// pause, add_host, group_by and set_stats through the real CLI: the in-memory inventory changes
// (later plays target added hosts), changed only when something was new, the same in check mode.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recapOf, runPlaybookCli, tempWorkdir } from '../run/helpers.ts';

describe('run-time modules: pause, add_host, group_by, set_stats', function () {
  this.timeout(120_000);

  it('adds hosts and groups that later plays target; again changes nothing', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('runtime-modules/site.yml', dir);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'added1.txt'), 'utf8')).to.equal('blue 2222\n');
    expect(readFileSync(join(dir, 'loop_1.txt'), 'utf8')).to.equal('none \n');
    expect(existsSync(join(dir, 'loop_2.txt'))).to.equal(true);
    expect(existsSync(join(dir, 'h1.txt'))).to.equal(false);
    // add_host ran once for the batch (h1), group_by on each host
    expect(recapOf(run.stdout, 'h1').changed).to.equal(3);
    expect(recapOf(run.stdout, 'h2').changed).to.equal(1);
    expect(run.stdout + run.stderr).to.include('Not waiting for response to prompt as stdin is not interactive');
  });

  it('changes the in-memory inventory in check mode too, writing nothing', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('runtime-modules/site.yml', dir, ['--check']);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(existsSync(join(dir, 'added1.txt'))).to.equal(false);
    expect(run.stdout).to.match(/added1 +: ok=1 +changed=1/);
  });
});
