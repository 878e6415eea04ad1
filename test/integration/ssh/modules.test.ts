// System modules through a real sshd on this machine: read-only ones for real, apt only in check
// mode, user/group for real with random names that are removed afterwards. The login user is a
// throw-away account with /bin/sh (root's bash startup files on a dev machine can be slow) and
// every module runs with become, as on a real fleet.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { connectionShell, gatherFacts } from '../../../src/facts/gather.ts';
import { findModule } from '../../../src/modules/registry.ts';
import { runModule } from '../../support/module-context.ts';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { renderedDiffs } from '../../support/rendered-diffs.ts';

const run = promisify(execFile);

describe('system modules over a real sshd (this machine, nothing left behind)', () => {
  let sshd: SshdInstance;
  let conn: SshConnection;
  let fetchDir: string;
  let login: TestUser;
  const suffix = Math.random().toString(36).slice(2, 7);
  const userName = `wsysu${suffix}`;
  const groupName = `wsysg${suffix}`;
  const exec = (module: string, args: unknown, opts: { check?: boolean; diff?: boolean } = {}) =>
    runModule(findModule(module)!, args, { conn, host: 'target', vars: { playbook_dir: fetchDir }, become: { user: 'root' }, ...opts });

  before(async () => {
    sshd = await startTrustedSshd();
    login = await createTestUser('wrnlogin', 'nopasswd');
    conn = new SshConnection('target', sshd.settings({ user: login.name }));
    fetchDir = await mkdtemp(join(tmpdir(), 'warren-fetch-'));
  });
  after(async () => {
    await run('userdel', ['-r', '-f', userName]).catch(() => undefined);
    await run('groupdel', [groupName]).catch(() => undefined);
    await conn?.close();
    await sshd?.stop();
    await login?.remove();
    await rm(fetchDir, { recursive: true, force: true });
  });

  it('gathers facts from real output in one round trip', async () => {
    const facts = await gatherFacts(connectionShell(conn));
    const hostname = (await run('hostname')).stdout.trim();
    expect(facts).to.include({
      hostname: hostname.split('.')[0],
      system: 'Linux',
      distribution: 'Debian',
      os_family: 'Debian',
      pkg_mgr: 'apt',
      user_id: login.name,
    });
    expect(facts.processor_vcpus).to.be.greaterThan(0);
    expect(facts.interfaces).to.include('lo');
  });

  it('setup returns ansible_facts, narrowed by filter', async () => {
    const r = await exec('setup', { filter: ['ansible_distribution*'] });
    expect(r.changed).to.equal(false);
    expect(Object.keys(r.ansible_facts!).sort()).to.deep.equal(['distribution', 'distribution_major_version', 'distribution_release', 'distribution_version']);
  });

  it('slurp returns base64 content and fails clearly on a missing file', async () => {
    const path = join(sshd.dir, 'slurp.bin');
    await writeFile(path, Buffer.from([0, 255, 1]));
    const r = await exec('slurp', { src: path });
    expect(Buffer.from(r.content as string, 'base64')).to.deep.equal(Buffer.from([0, 255, 1]));
    const missing = await exec('slurp', { src: '/nonexistent/x' });
    expect(missing).to.include({ failed: true, msg: 'file not found: /nonexistent/x' });
  });

  it('fetch copies once, then reports no change; check mode writes nothing', async () => {
    const src = join(sshd.dir, 'fetch-me.txt');
    await writeFile(src, 'hello\n');
    const checked = await exec('fetch', { src, dest: 'out' }, { check: true });
    expect(checked.changed).to.equal(true);
    const dest = join(fetchDir, 'out', 'target', src);
    await readFile(dest).then(
      () => expect.fail('check mode wrote the file'),
      () => undefined,
    );
    expect((await exec('fetch', { src, dest: 'out' })).changed).to.equal(true);
    expect(await readFile(dest, 'utf8')).to.equal('hello\n');
    expect((await exec('fetch', { src, dest: 'out' })).changed).to.equal(false);
    const flat = await exec('fetch', { src, dest: `${fetchDir}/flat/`, flat: true });
    expect(flat.dest).to.equal(join(fetchDir, 'flat', 'fetch-me.txt'));
    expect((await exec('fetch', { src: '/nonexistent', dest: 'out', fail_on_missing: false })).changed).to.equal(false);
  });

  it('wait_for sees an open port, a file, and times out on a closed port', async () => {
    expect(await exec('wait_for', { host: sshd.address, port: sshd.port, timeout: 5 })).to.include({ changed: false, state: 'started' });
    expect((await exec('wait_for', { path: sshd.knownHostsFile, search_regex: 'ssh-ed25519', timeout: 5 })).failed).to.equal(undefined);
    const timedOut = await exec('wait_for', { host: '127.0.0.1', port: 1, timeout: 1, sleep: 0.2 });
    expect(timedOut).to.include({ failed: true, msg: 'Timeout when waiting for 127.0.0.1:1' });
    expect((await exec('wait_for', { host: '127.0.0.1', port: 1, state: 'stopped', timeout: 2 })).failed).to.equal(undefined);
  });

  it('apt in check mode plans an install and a removal without touching packages', async () => {
    const before = (await run('dpkg-query', ['-W', '-f=${Package}\n'])).stdout;
    const install = await exec('apt', { name: ['hello', 'coreutils'], state: 'present' }, { check: true, diff: true });
    expect(install.changed).to.equal(true);
    expect(renderedDiffs(install)[0]!.after).to.equal('hello: latest\n');
    expect((await exec('apt', { name: 'coreutils' }, { check: true })).changed).to.equal(false);
    expect((await exec('apt', { name: 'hello', state: 'absent' }, { check: true })).changed).to.equal(false);
    expect((await exec('apt', { name: 'Bad Name' })).msg).to.match(/not a valid Debian package name/);
    expect((await run('dpkg-query', ['-W', '-f=${Package}\n'])).stdout).to.equal(before);
  });

  it('group and user converge: created once, then unchanged; check mode changes nothing', async () => {
    expect((await exec('group', { name: groupName, gid: 4242 + Math.floor(Math.random() * 1000) }, { check: true })).changed).to.equal(true);
    await run('getent', ['group', groupName]).then(
      () => expect.fail('check mode created the group'),
      () => undefined,
    );
    expect((await exec('group', { name: groupName })).changed).to.equal(true);
    expect((await exec('group', { name: groupName })).changed).to.equal(false);
    const args = { name: userName, groups: [groupName], shell: '/bin/sh', comment: 'warren test' };
    expect((await exec('user', args, { check: true })).changed).to.equal(true);
    expect((await exec('user', args)).changed).to.equal(true);
    expect((await run('id', ['-Gn', userName])).stdout).to.include(groupName);
    expect((await exec('user', args)).changed).to.equal(false);
    const shellChange = await exec('user', { ...args, shell: '/bin/bash' }, { check: true, diff: true });
    expect(renderedDiffs(shellChange)[0]!.after).to.include('shell: /bin/bash');
    expect((await exec('user', { name: userName, state: 'absent', remove: true })).changed).to.equal(true);
    expect((await exec('user', { name: userName, state: 'absent' })).changed).to.equal(false);
    expect((await exec('group', { name: groupName, state: 'absent' })).changed).to.equal(true);
  });
});
