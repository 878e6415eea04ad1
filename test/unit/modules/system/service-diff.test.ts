import { expect } from 'chai';
import { serviceModule } from '../../../../src/modules/system/service.ts';
import { systemdState } from '../../../../src/modules/system/service-plan.ts';

const show = (active: string, file: string) => `LoadState=loaded\nActiveState=${active}\nSubState=running\nUnitFileState=${file}\nMainPID=1\n`;

describe('service diff', () => {
  it('a reload or restart changes the service but shows no empty diff', async () => {
    for (const state of ['reloaded', 'restarted'] as const) {
      const plan = await serviceModule.plan(systemdState(show('active', 'enabled')), { name: 'haproxy', state });
      expect(plan.changed, state).to.equal(true);
      expect(plan.diff, state).to.equal(undefined);
    }
  });

  it('a start shows the state it changes', async () => {
    const plan = await serviceModule.plan(systemdState(show('inactive', 'enabled')), { name: 'haproxy', state: 'started' });
    expect(plan.diff?.[0]).to.include({ before: 'state: inactive\nenabled: enabled\n', after: 'state: active\nenabled: enabled\n' });
  });
});
