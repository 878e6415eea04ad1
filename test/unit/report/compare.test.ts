import { expect } from 'chai';
import { compareRuns, formatComparison, taskSummaries } from '../../../src/report/compare.ts';
import { syntheticRun } from '../../support/synthetic-run.ts';

describe('warren report --compare', () => {
  const base = syntheticRun({ hosts: 200, tasks: 50, changedTasks: [3] });
  const next = syntheticRun({ hosts: 200, tasks: 50, changedTasks: [7], failHost: 17, failTask: 40, slowTask: 12, slowFactor: 4 });

  it('names the tasks whose outcome changed, with the hosts that moved summarised', () => {
    const c = compareRuns(base, next);
    const tasks = c.outcomes.map((o) => o.task);
    expect(tasks).to.include('synthetic / TASK [app : step 4]'); // changed -> ok everywhere
    expect(tasks).to.include('synthetic / TASK [app : step 8]'); // ok -> changed everywhere
    const failed = c.outcomes.find((o) => o.task === 'synthetic / TASK [step 41]')!;
    expect(failed.moves).to.deep.equal([{ from: 'ok', to: 'failed', hosts: ['node018'] }]);
    // after the failure node018 ran nothing more
    expect(c.outcomes.find((o) => o.task === 'synthetic / TASK [app : step 42]')!.moves).to.deep.equal([{ from: 'ok', to: 'absent', hosts: ['node018'] }]);
  });

  it('names the tasks that got slower (>= 20% and 100 ms) and no others', () => {
    const c = compareRuns(base, next);
    expect(c.slower.map((s) => s.task)).to.deep.equal(['synthetic / TASK [step 13]']);
    expect(c.slower[0]!.afterMs).to.be.greaterThan(c.slower[0]!.beforeMs * 3);
    expect(c.faster).to.deep.equal([]);
  });

  it('stays short at 200 hosts x 50 tasks: one block per task, host lists cut', () => {
    const text = formatComparison('runs/a', base, 'runs/b', next, compareRuns(base, next));
    expect(text.split('\n').length).to.be.lessThan(60);
    expect(text).to.contain('changed 200  ->  ok 200');
    expect(text).to.contain('ok -> changed: node001, node002, node003, node004, … +196');
    expect(text).to.contain('ok -> failed: node018');
  });

  it('tells repeated task names apart by occurrence', () => {
    const run = syntheticRun({ hosts: 2, tasks: 2 });
    run.plays[0]!.tasks[1]!.name = 'step 1';
    run.plays[0]!.tasks[1]!.role = undefined;
    expect(taskSummaries(run).map((t) => t.key)).to.deep.equal(['synthetic / TASK [step 1]', 'synthetic / TASK [step 1] #2']);
  });
});
