import { expect } from 'chai';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { HostKeyError } from '../../../src/core/errors.ts';
import { knownHostsLine, startSshd, type SshdInstance } from '../../support/sshd.ts';

/** What `ssh-keygen -lf` prints: SHA256 of the key blob, base64 without padding. */
function fingerprintOfLine(line: string): string {
  return `SHA256:${createHash('sha256')
    .update(Buffer.from(line.split(' ')[1], 'base64'))
    .digest('base64')
    .replace(/=+$/, '')}`;
}

describe('host key verification against a real sshd', () => {
  let sshd: SshdInstance;
  const connect = async (
    knownHosts: string | undefined,
    policy: 'strict' | 'accept-new' = 'strict',
    file = join(sshd.dir, `kh-${randomBytes(4).toString('hex')}`),
  ) => {
    if (knownHosts !== undefined) await writeFile(file, knownHosts);
    const conn = new SshConnection('keyhost', sshd.settings({ knownHostsFiles: [file], hostKeyPolicy: policy }));
    try {
      await conn.connect();
      return { ok: true as const, file, error: undefined };
    } catch (error) {
      return { ok: false as const, file, error: error as Error };
    } finally {
      await conn.close();
    }
  };

  before(async () => {
    sshd = await startSshd();
  });
  after(async () => sshd?.stop());

  it('accepts a known [host]:port entry in a comma list', async () => {
    const r = await connect(`# comment\nother.example,${knownHostsLine(sshd)}\n`);
    expect(r.error).to.equal(undefined);
  });

  it('accepts a hashed entry', async () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update(`[${sshd.address}]:${sshd.port}`).digest('base64');
    const r = await connect(`|1|${salt.toString('base64')}|${hash} ${sshd.hostPublicKeys.ed25519}\n`);
    expect(r.error).to.equal(undefined);
  });

  it('accepts an rsa-only entry by preferring the known key type', async () => {
    const r = await connect(`${knownHostsLine(sshd, 'rsa')}\n`);
    expect(r.error).to.equal(undefined);
  });

  it('refuses an unknown host and shows the SHA256 fingerprint and how to accept', async () => {
    const r = await connect('');
    expect(r.error).to.be.instanceOf(HostKeyError);
    expect(r.error!.message).to.include(fingerprintOfLine(sshd.hostPublicKeys.ed25519));
    expect(r.error!.message).to.match(/not known.*accept-new/);
    // the hint names the run-playbook flag that exists
    expect(r.error!.message).to.include('--host-key-policy accept-new');
    expect(await readFile(r.file, 'utf8')).to.equal('');
  });

  it('accept-new records the key, and the next connection is verified against it', async () => {
    const file = join(sshd.dir, 'kh-accept-new');
    const first = await connect(undefined, 'accept-new', file);
    expect(first.error).to.equal(undefined);
    expect(await readFile(file, 'utf8')).to.equal(`${knownHostsLine(sshd)}\n`);
    const second = await connect(undefined, 'strict', file);
    expect(second.error).to.equal(undefined);
  });

  it('refuses a changed key even under accept-new, naming file:line of the old entry', async () => {
    const forged = `[${sshd.address}]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBeWk1wd0o3U8Tm3aVxzmBn6z6Hq4P3kqMz6P3h2mC1d\n`;
    const r = await connect(`# first line\n${forged}`, 'accept-new');
    expect(r.error).to.be.instanceOf(HostKeyError);
    expect(r.error!.message).to.include('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(r.error!.message).to.include(`${r.file}:2`);
    expect(await readFile(r.file, 'utf8')).to.equal(`# first line\n${forged}`);
  });

  it('refuses a key marked @revoked and ignores @cert-authority lines', async () => {
    const r = await connect(
      `@cert-authority *.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBeWk1wd0o3U8Tm3aVxzmBn6z6Hq4P3kqMz6P3h2mC1d\n@revoked * ${sshd.hostPublicKeys.ed25519}\n${knownHostsLine(sshd)}\n`,
    );
    expect(r.error).to.be.instanceOf(HostKeyError);
    expect(r.error!.message).to.match(/REVOKED/);
  });
});
