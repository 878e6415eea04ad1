// changed_when / failed_when over a module result, including one that cannot be evaluated
// (ansible-core 2.14's failed_when target: the task fails, the result is kept).
import { expect } from 'chai';
import { applyResultConditions, failedFromRc, isFailed, statusOf } from '../../../src/run/result-rules.ts';
import type { ModuleTask } from '../../../src/load/model.ts';

const task = (extra: Partial<ModuleTask>): ModuleTask =>
  ({ kind: 'module', module: 'command', args: {}, loc: { file: 'tasks.yml', line: 3, col: 3 }, register: 'r', ...extra }) as ModuleTask;

describe('changed_when / failed_when', () => {
  const result = { changed: true, rc: 1, stdout: 'foo', failed: true, msg: 'non-zero return code' };

  it('failed_when decides failure and records failed_when_result', () => {
    expect(applyResultConditions(task({ failed_when: ['r.rc != 1'] }), {}, result)).to.include({ failed: false, failed_when_result: false, stdout: 'foo' });
    expect(applyResultConditions(task({ failed_when: ["'foo' in r.stdout"], changed_when: ['false'] }), {}, result)).to.include({
      failed: true,
      changed: false,
    });
  });

  it('a condition that cannot be evaluated fails the task, keeps stdout and names the error', () => {
    const out = applyResultConditions(task({ failed_when: ['boomboomboom'] }), {}, { changed: true, rc: 0, stdout: 'foo' });
    expect(out).to.include({ failed: true, stdout: 'foo' });
    expect(out.failed_when_result).to.be.a('string').and.contain("'boomboomboom' is undefined");
    const changed = applyResultConditions(task({ changed_when: ['nope.x'] }), {}, { changed: true, rc: 0 });
    expect(changed.failed).to.equal(true);
    expect(changed.changed_when_result).to.contain("'nope' is undefined");
  });
});

// Ansible's TaskResult.is_failed: `until` that ran out sets failed=true (registered so), yet a
// failed_when_result false keeps the task ok; for a loop, any item's failed_when_result decides.
describe('the outcome of a result (TaskResult.is_failed)', () => {
  it('failed_when_result decides over failed', () => {
    const ranOut = { changed: true, failed: true, failed_when_result: false, attempts: 1 };
    expect(isFailed(ranOut)).to.equal(false);
    expect(statusOf(ranOut)).to.equal('changed');
    expect(statusOf({ changed: false, failed: true })).to.equal('failed');
    expect(statusOf({ changed: false, failed: false, failed_when_result: 'The conditional check failed: x' })).to.equal('failed');
  });

  it("a loop: its items' failed_when_result decide over the aggregate's failed", () => {
    const items = [
      { changed: true, failed: true, failed_when_result: false },
      { changed: false, skipped: true },
    ];
    expect(statusOf({ changed: true, failed: true, results: items }, items)).to.equal('changed');
    const failing = [{ changed: false, failed: true }, { changed: false }];
    expect(statusOf({ changed: false, failed: true, results: failing }, failing)).to.equal('failed');
  });
});

describe("a result without failed: its rc decides (Ansible's TaskExecutor)", () => {
  it('fails on an rc other than 0 (a number or its text), and only when failed is not said', () => {
    expect(failedFromRc({ changed: true, rc: 3 })).to.include({ failed: true, rc: 3 });
    expect(failedFromRc({ changed: true, rc: '2' })).to.include({ failed: true });
    expect(failedFromRc({ changed: true, rc: 0 })).not.to.have.property('failed');
    expect(failedFromRc({ changed: true, rc: '0' })).not.to.have.property('failed');
    expect(failedFromRc({ changed: true, rc: 5, failed: false })).to.include({ failed: false });
    expect(failedFromRc({ changed: false })).not.to.have.property('failed');
  });
});
