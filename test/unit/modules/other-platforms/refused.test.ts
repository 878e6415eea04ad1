// Other platforms' modules load (so multi-platform roles and --syntax-check pass) and, if reached,
// fail naming the Debian module to use.
import { expect } from 'chai';
import { findModule } from '../../../../src/modules/registry.ts';
import { runModule } from '../../../support/module-context.ts';

describe('other platforms’ modules', () => {
  for (const [name, words] of [
    ['yum', 'RPM-based systems; warren supports Debian hosts (use apt)'],
    ['win_file', 'Windows hosts; warren supports Debian hosts (use file)'],
    ['win_tempfile', 'Windows hosts; warren supports Debian hosts (use tempfile)'],
  ] as const) {
    it(`${name} resolves and fails when reached`, async () => {
      const def = findModule(name);
      expect(def, name).to.not.equal(undefined);
      const r = await runModule(def!, { path: '/x' });
      expect(r).to.include({ failed: true, changed: false });
      expect(r.msg).to.include(words);
    });
  }
});
