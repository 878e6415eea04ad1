import { expect } from 'chai';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BecomeError } from '../../../src/connection/become.ts';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';

describe('become (sudo) over ssh', () => {
  let sshd: SshdInstance;
  let nopw: TestUser;
  let withpw: TestUser;
  const conns: SshConnection[] = [];
  const open = async (user: string, extra: { becomePassword?: string; password?: string; privateKeyFiles?: string[] } = {}) => {
    const conn = new SshConnection(user, sshd.settings({ user, ...extra }));
    conns.push(conn);
    await conn.connect();
    return conn;
  };

  before(async () => {
    sshd = await startTrustedSshd();
    nopw = await createTestUser('wrntnopw', 'nopasswd');
    withpw = await createTestUser('wrntpw', 'password');
  });
  after(async () => {
    await Promise.all(conns.map((c) => c.close()));
    await nopw?.remove();
    await withpw?.remove();
    await sshd?.stop();
  });

  it('runs as root through sudo NOPASSWD, keeping stdin, env and exit code', async () => {
    const conn = await open(nopw.name);
    expect((await conn.exec('id -un')).stdout).to.equal(`${nopw.name}\n`);
    const r = await conn.exec('id -un; echo "$X"; cat; exit 4', { become: { user: 'root' }, env: { X: 'y' }, stdin: 'in\n' });
    expect(r.stdout).to.equal('root\ny\nin\n');
    expect(r.code).to.equal(4);
  });

  it('feeds the become password only when sudo prompts for it', async () => {
    const conn = await open(withpw.name, { password: withpw.password, privateKeyFiles: [] });
    const r = await conn.exec('id -un; cat', { become: { user: 'root', password: withpw.password }, stdin: 'payload\n' });
    expect(r.stdout).to.equal('root\npayload\n');
    expect(r.stderr).to.not.include(withpw.password);
  });

  it('fails clearly with a wrong or missing become password', async () => {
    const conn = await open(withpw.name);
    const wrong = await conn.exec('id -un', { become: { user: 'root', password: 'not-it' } }).catch((e) => e);
    expect(wrong).to.be.instanceOf(BecomeError);
    expect(wrong.message).to.match(/incorrect become password/);
    const missing = await conn.exec('id -un', { become: { user: 'root' } }).catch((e) => e);
    expect(missing).to.be.instanceOf(BecomeError);
    expect(missing.message).to.match(/password is required/);
  });

  it('uses settings.becomePassword when the task gives none', async () => {
    const conn = await open(withpw.name, { becomePassword: withpw.password });
    expect((await conn.exec('id -un', { become: { user: 'root' } })).stdout).to.equal('root\n');
  });

  it('writes and reads root-owned files with become', async () => {
    const conn = await open(nopw.name);
    const path = join(sshd.dir, 'root-only.txt');
    await conn.put('secret\n', path, { mode: '0600', become: { user: 'root' } });
    const info = await stat(path);
    expect(info.uid).to.equal(0);
    expect(info.mode & 0o777).to.equal(0o600);
    expect(await readFile(path, 'utf8')).to.equal('secret\n');
    expect((await conn.get(path, { become: { user: 'root' } })).toString()).to.equal('secret\n');
    const denied = await conn.get(path).catch((e) => e);
    expect(denied.message).to.match(/cannot read .*root-only\.txt over SFTP/);
  });

  it('becomes another unprivileged user, and runs directly when already that user', async () => {
    const conn = await open(nopw.name);
    expect((await conn.exec('id -un', { become: { user: withpw.name } })).stdout).to.equal(`${withpw.name}\n`);
    expect((await conn.exec('id -un', { become: { user: nopw.name } })).stdout).to.equal(`${nopw.name}\n`);
  });
});
