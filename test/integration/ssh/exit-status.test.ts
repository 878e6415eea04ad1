import { expect } from 'chai';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';

// A quick command's exit-status can arrive in the same read as the channel confirmation, before
// the exec's listeners exist; the exit code must still be known (it used to be reported as
// "connection closed while a command was running", an unreachable host).
describe('ssh exit status of quick commands', function () {
  this.timeout(120_000);
  let sshd: SshdInstance;
  let conns: SshConnection[] = [];
  let login: TestUser;

  before(async () => {
    sshd = await startTrustedSshd();
    login = await createTestUser('wrnexit', 'nopasswd');
    conns = [1, 2, 3].map((i) => new SshConnection(`target${i}`, sshd.settings({ user: login.name })));
    await Promise.all(conns.map((c) => c.connect()));
  });
  after(async () => {
    await Promise.all(conns.map((c) => c.close()));
    await sshd?.stop();
    await login?.remove();
  });

  it('reports the exit code of 600 instant commands on three connections', async () => {
    const codes: Array<number | null> = [];
    for (let round = 0; round < 200; round++) {
      const results = await Promise.all(conns.map((c, i) => c.exec(`command -v nothing-here >/dev/null 2>&1 || { echo m; exit ${(round + i) % 3}; }`)));
      codes.push(...results.map((r) => r.code));
    }
    expect(codes.length).to.equal(600);
    expect(codes.filter((c, n) => c !== (Math.floor(n / 3) + (n % 3)) % 3)).to.deep.equal([]);
  });

  it('names the signal that ended a command run on its own channel', async () => {
    const own = new SshConnection('target-channel', sshd.settings({ user: login.name, persistentShell: false }));
    try {
      const r = await own.exec('kill -TERM $$; sleep 2');
      expect(r.code).to.equal(null);
      expect(r.signal).to.equal('SIGTERM');
    } finally {
      await own.close();
    }
  });

  it('reports 128+N for a command a signal ended inside the persistent shell, as sh does', async () => {
    const r = await conns[0].exec('sh -c "kill -TERM \\$\\$"');
    expect(r.code).to.equal(143);
  });
});
