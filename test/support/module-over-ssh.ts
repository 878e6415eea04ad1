// A loopback sshd and a root connection to it, for module integration tests: `exec` runs one
// module as the runner does; `converges` proves check mode changes nothing, the real run
// changes, and a second run reports changed=false.
import { expect } from 'chai';
import { SshConnection } from '../../src/connection/ssh.ts';
import type { ModuleResult } from '../../src/modules/module.ts';
import { findModule } from '../../src/modules/registry.ts';
import { runModule } from './module-context.ts';
import { type SshdInstance, startTrustedSshd } from './sshd.ts';

export interface ModuleHost {
  sshd: SshdInstance;
  exec(module: string, args: unknown, opts?: { check?: boolean; diff?: boolean }): Promise<ModuleResult>;
  /** check run (changed, `untouched()` still true), real run (changed), second run (not changed); returns the real run's result */
  converges(module: string, args: unknown, untouched: () => Promise<boolean>): Promise<ModuleResult>;
  close(): Promise<void>;
}

export async function startModuleHost(): Promise<ModuleHost> {
  const sshd = await startTrustedSshd();
  const conn = new SshConnection('target', sshd.settings());
  const exec: ModuleHost['exec'] = (module, args, opts = {}) => {
    const def = findModule(module);
    if (!def) throw new Error(`no module ${module}`);
    return runModule(def, args, { conn, host: 'target', vars: {}, ...opts });
  };
  return {
    sshd,
    exec,
    async converges(module, args, untouched) {
      const checked = await exec(module, args, { check: true, diff: true });
      expect(checked.failed, JSON.stringify(checked)).to.equal(undefined);
      expect(checked.changed, `check mode: ${JSON.stringify(checked)}`).to.equal(true);
      expect(await untouched(), 'check mode changed the host').to.equal(true);
      const real = await exec(module, args);
      expect(real.failed, JSON.stringify(real)).to.equal(undefined);
      expect(real.changed, `real run: ${JSON.stringify(real)}`).to.equal(true);
      const again = await exec(module, args);
      expect(again.failed, JSON.stringify(again)).to.equal(undefined);
      expect(again.changed, `second run: ${JSON.stringify(again)}`).to.equal(false);
      return real;
    },
    async close() {
      await conn.close();
      await sshd.stop();
    },
  };
}
