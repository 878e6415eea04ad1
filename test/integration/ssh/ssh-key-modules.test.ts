// authorized_key and known_hosts through a real sshd on loopback, for a throw-away user: files,
// owners and modes asserted on the host, check mode changes nothing, a second run changes
// nothing; ssh-keygen reads what they wrote.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';
import { createTestUser, knownHostsLine, type TestUser } from '../../support/sshd.ts';

const run = promisify(execFile);
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('authorized_key and known_hosts over a real sshd', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  let user: TestUser;
  before(async () => {
    host = await startModuleHost();
    user = await createTestUser('wakey', 'nopasswd');
  });
  after(async () => {
    await host?.close();
    await user?.remove();
  });

  it('authorized_key creates ~/.ssh 0700 and the file 0600 for the user, and ssh-keygen reads it', async () => {
    const pub = (await readFile(`${host.sshd.clientKeyFile}.pub`, 'utf8')).trim();
    const home = `/home/${user.name}`;
    const file = join(home, '.ssh', 'authorized_keys');
    await host.converges('authorized_key', { user: user.name, key: pub, key_options: 'no-port-forwarding' }, async () => !(await exists(join(home, '.ssh'))));
    const dir = await stat(join(home, '.ssh'));
    expect((dir.mode & 0o777).toString(8)).to.equal('700');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const { stdout: uid } = await run('id', ['-u', user.name]);
    expect((await stat(file)).uid).to.equal(Number(uid));
    const [type, blob] = pub.split(/\s+/);
    expect(await readFile(file, 'utf8')).to.match(new RegExp(`^no-port-forwarding ${type} ${blob.replace(/[+/]/g, '\\$&')}`));
    // OpenSSH's own parser accepts the file
    expect((await run('ssh-keygen', ['-l', '-f', file])).stdout).to.include('(ED25519)');
    // another key, then exclusive leaves only the first; absent removes it
    const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyForTestOnly0000000000000000000000 other@test';
    await host.converges('authorized_key', { user: user.name, key: other }, async () => !(await readFile(file, 'utf8')).includes('other@test'));
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).to.have.length(2);
    await host.converges('authorized_key', { user: user.name, key: pub, key_options: 'no-port-forwarding', exclusive: true }, async () =>
      (await readFile(file, 'utf8')).includes('other@test'),
    );
    expect(await readFile(file, 'utf8')).not.to.include('other@test');
    await host.converges('authorized_key', { user: user.name, key: pub, state: 'absent' }, async () => (await readFile(file, 'utf8')).includes(blob!));
    expect(await readFile(file, 'utf8')).to.equal('');
  });

  it('known_hosts adds, replaces a changed key of the same type, hashes, and removes', async () => {
    const file = join(host.sshd.dir, 'kh', 'known_hosts');
    const name = `[${host.sshd.address}]:${host.sshd.port}`;
    const line = knownHostsLine(host.sshd, 'ed25519');
    await host.converges('known_hosts', { name, key: line, path: file }, async () => !(await exists(file)));
    expect(await readFile(file, 'utf8')).to.equal(`${line}\n`);
    // ssh-keygen itself finds the entry
    expect((await run('ssh-keygen', ['-F', name, '-f', file])).stdout).to.include(host.sshd.hostPublicKeys.ed25519.split(' ')[1]);
    await host.converges(
      'known_hosts',
      { name, key: knownHostsLine(host.sshd, 'rsa'), path: file },
      async () => (await readFile(file, 'utf8')).split('\n').length === 2,
    );
    const changed = `${name} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChangedKey000000000000000000000000000000000`;
    await host.converges('known_hosts', { name, key: changed, path: file }, async () => !(await readFile(file, 'utf8')).includes('ChangedKey'));
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).to.deep.equal([changed, knownHostsLine(host.sshd, 'rsa')]);
    await host.converges('known_hosts', { name, state: 'absent', path: file }, async () => (await readFile(file, 'utf8')) !== '');
    expect(await readFile(file, 'utf8')).to.equal('');
    await host.converges(
      'known_hosts',
      {
        name: 'mq1.example',
        key: 'mq1.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHashed00000000000000000000000000000000000000',
        path: file,
        hash_host: true,
      },
      async () => (await readFile(file, 'utf8')) === '',
    );
    expect(await readFile(file, 'utf8')).to.match(/^\|1\|/);
    expect((await run('ssh-keygen', ['-F', 'mq1.example', '-f', file])).stdout).to.include('Hashed000');
    expect(await host.exec('known_hosts', { name: 'other.example', key: 'mq1.example ssh-ed25519 AAAA', path: file })).to.include({ failed: true });
  });
});
