import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { UnreachableError } from '../../../src/core/errors.ts';
import { createTestUser, knownHostsLine, startSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';

describe('ssh faults: a server dies mid-run', () => {
  let doomed: SshdInstance;
  let healthy: SshdInstance;
  let login: TestUser; // /bin/sh login: root's shell startup files are not under test

  before(async () => {
    [doomed, healthy] = await Promise.all([startSshd({ address: '127.0.0.3' }), startSshd({ address: '127.0.0.4' })]);
    await writeFile(doomed.knownHostsFile, `${knownHostsLine(doomed)}\n`);
    await writeFile(healthy.knownHostsFile, `${knownHostsLine(healthy)}\n`);
    login = await createTestUser('wrnfault', 'nopasswd');
  });
  after(async () => {
    await doomed?.stop();
    await healthy?.stop();
    await login?.remove();
  });

  it('rejects the running exec with UnreachableError and leaves other hosts working', async () => {
    const a = new SshConnection('doomed', doomed.settings({ user: login.name }));
    const b = new SshConnection('healthy', healthy.settings({ user: login.name }));
    await Promise.all([a.connect(), b.connect()]);
    const running = a.exec('sleep 20; echo never').catch((e) => e);
    const other = b.exec('sleep 1; echo fine');
    await new Promise((r) => setTimeout(r, 300));
    await doomed.kill();
    const err = await running;
    expect(err).to.be.instanceOf(UnreachableError);
    expect(err.message).to.match(/^doomed: /);
    expect(err.exitCode).to.equal(4);
    const next = await a.exec('true').catch((e) => e);
    expect(next).to.be.instanceOf(UnreachableError);
    expect((await other).stdout).to.equal('fine\n');
    expect((await b.exec('echo still')).stdout).to.equal('still\n');
    await Promise.all([a.close(), b.close()]);
  });
});
