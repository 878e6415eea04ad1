import { expect } from 'chai';
import type { Block, ModuleTask } from '../../../src/load/model.ts';
import { effectiveTask, enterBlock, enterBlockSection, rootInherited } from '../../../src/run/inherit.ts';

const loc = { file: 'p.yml', line: 1, col: 1 };
const block = (extra: Partial<Block>): Block => ({ kind: 'block', block: [], rescue: [], always: [], loc, ...extra });
const task = (extra: Partial<ModuleTask>): ModuleTask => ({ kind: 'task', module: 'debug', args: {}, loc, ...extra });

describe('keyword inheritance', () => {
  const play = { tags: ['p'], become: true, any_errors_fatal: false };
  it('when accumulates outer -> inner, tags union', () => {
    const outer = enterBlock(rootInherited(play), block({ when: ['a'], tags: ['x'] }));
    const inner = enterBlock(outer, block({ when: ['b'], tags: ['y', 'x'] }));
    const eff = effectiveTask(inner, task({ when: ['c'], tags: ['z'] }));
    expect(eff.when).to.deep.equal(['a', 'b', 'c']);
    expect(eff.tags.sort()).to.deep.equal(['p', 'x', 'y', 'z']);
  });
  it('inner wins for become, become_user, ignore_errors, no_log, check_mode', () => {
    const outer = enterBlock(rootInherited(play), block({ become_user: 'app', ignore_errors: true, no_log: true, check_mode: true }));
    const eff = effectiveTask(outer, task({ become: false, ignore_errors: false }));
    expect(eff.become).to.equal(false);
    expect(eff.become_user).to.equal('app');
    expect(eff.ignore_errors).to.equal(false);
    expect(eff.no_log).to.equal(true);
    expect(eff.check_mode).to.equal(true);
  });
  it('block vars stack outer -> inner; task vars stay separate', () => {
    const outer = enterBlock(rootInherited(play), block({ vars: { a: 1 } }));
    const inner = enterBlock(outer, block({ vars: { a: 2, b: 3 } }));
    const eff = effectiveTask(inner, task({ vars: { c: 4 } }));
    expect(eff.blockVars).to.deep.equal([{ a: 1 }, { a: 2, b: 3 }]);
  });
  it('failures inside a block with rescue are rescuable; in its rescue section they are not', () => {
    const withRescue = block({ rescue: [task({})] });
    expect(enterBlock(rootInherited(play), withRescue).rescuable).to.equal(true);
    expect(enterBlockSection(rootInherited(play), withRescue).rescuable).to.equal(false);
    expect(enterBlock(enterBlock(rootInherited(play), withRescue), block({})).rescuable).to.equal(true);
  });
  it('role context comes from the nearest role block', () => {
    const role = { name: 'web', path: '/r/web', defaults: {}, vars: {}, params: {} };
    const eff = effectiveTask(enterBlock(rootInherited(play), block({ role })), task({}));
    expect(eff.role?.name).to.equal('web');
  });
});
