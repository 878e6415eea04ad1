import { expect } from 'chai';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { UnreachableError } from '../../../src/core/errors.ts';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';

// The login user is a throw-away account with /bin/sh: root's bash startup files on a developer
// machine (pyenv, nvm...) would otherwise run, and lock, on every command.
describe('ssh transport against a real sshd', () => {
  let sshd: SshdInstance;
  let conn: SshConnection;
  let login: TestUser;

  before(async () => {
    sshd = await startTrustedSshd();
    login = await createTestUser('wrntrans', 'nopasswd');
    conn = new SshConnection('target', sshd.settings({ user: login.name }));
    await conn.connect();
  });
  after(async () => {
    await conn?.close();
    await sshd?.stop();
    await login?.remove();
  });

  it('runs sh -c with cwd, env, stdin and exit codes', async () => {
    const r = await conn.exec('pwd; echo "$GREETING"; cat; echo oops >&2; exit 3', { cwd: '/tmp', env: { GREETING: "it's a 'test'" }, stdin: 'from stdin\n' });
    expect(r.code).to.equal(3);
    expect(r.stdout).to.equal("/tmp\nit's a 'test'\nfrom stdin\n");
    expect(r.stderr).to.equal('oops\n');
  });

  it('fails when cwd does not exist instead of running elsewhere', async () => {
    const r = await conn.exec('echo ran', { cwd: '/nonexistent-dir' });
    expect(r.code).to.not.equal(0);
    expect(r.stdout).to.equal('');
  });

  it('kills a command that exceeds its timeout', async () => {
    const r = await conn.exec('sleep 5', { timeoutMs: 300 });
    expect(r.code).to.equal(null);
    expect(r.stderr).to.match(/timed out after 300 ms/);
    expect(r.durationMs).to.be.below(3000);
  });

  it('puts and gets files over SFTP with the given mode', async () => {
    const path = join('/home', login.name, 'uploaded.bin');
    const content = Buffer.from([0, 1, 2, 255, 10, 13]);
    await conn.put(content, path, { mode: '0640' });
    expect(await readFile(path)).to.deep.equal(content);
    expect((await stat(path)).mode & 0o777).to.equal(0o640);
    await conn.put('second', path, { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect((await conn.get(path)).toString()).to.equal('second');
  });

  it('runs 40 commands at once on one connection (channels capped below MaxSessions)', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => conn.exec(`sleep 0.05; echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).to.deep.equal(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(results.every((r) => r.code === 0)).to.equal(true);
  });

  it('reports a refused connection as unreachable', async () => {
    const other = new SshConnection('nobody', sshd.settings({ port: 1 }));
    const err = await other.connect().catch((e) => e);
    expect(err).to.be.instanceOf(UnreachableError);
    expect(err.message).to.match(/^nobody: connection refused by 127\.0\.0\.2:1/);
    expect(err.exitCode).to.equal(4);
  });

  it('reports failed authentication as unreachable, naming what was tried', async () => {
    const other = new SshConnection('badauth', sshd.settings({ user: 'root', privateKeyFiles: [], password: 'wrong-password' }));
    const err = await other.connect().catch((e) => e);
    expect(err).to.be.instanceOf(UnreachableError);
    expect(err.message).to.match(/authentication failed for user 'root'.*tried: password/);
    expect(err.message).to.not.include('wrong-password');
  });
});
