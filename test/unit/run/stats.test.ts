import { expect } from 'chai';
import { emptyStats, exitCodeFor } from '../../../src/run/stats.ts';
import { mapWithLimit } from '../../../src/run/limiter.ts';
import { matchesTaskName } from '../../../src/run/start-at.ts';

describe('exit codes', () => {
  it('0 when nothing failed, 2 when a host failed, 4 when one was unreachable (beside a failed one too, as ansible-playbook)', () => {
    expect(exitCodeFor({ h1: emptyStats() })).to.equal(0);
    expect(exitCodeFor({ h1: { ...emptyStats(), failed: 1 }, h2: { ...emptyStats(), unreachable: 1 } })).to.equal(4);
    expect(exitCodeFor({ h1: { ...emptyStats(), unreachable: 1 } })).to.equal(4);
    expect(exitCodeFor({ h1: { ...emptyStats(), failed: 1 } })).to.equal(2);
    expect(exitCodeFor({ h1: { ...emptyStats(), rescued: 1, ignored: 1 } })).to.equal(0);
  });
});

describe('forks limiter', () => {
  it('never runs more than the limit at once and keeps result order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(peak).to.equal(2);
    expect(out).to.deep.equal([50, 10, 40, 20, 30]);
  });
});

describe('--start-at-task matching', () => {
  it('matches exact names, role-qualified names and globs', () => {
    expect(matchesTaskName('Install', 'Install')).to.equal(true);
    expect(matchesTaskName('web : Install', 'Install', 'web')).to.equal(true);
    expect(matchesTaskName('Inst*', 'Install')).to.equal(true);
    expect(matchesTaskName('Inst', 'Install')).to.equal(false);
  });
});
