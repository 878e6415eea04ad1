// getent, sysctl and cron through a real sshd on loopback: host state asserted, check mode
// changes nothing, a second run changes nothing. sysctl only ever writes a kernel value equal to
// the one it already has (the loopback host is this machine).
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';

const exists = (path: string) =>
  readFile(path).then(
    () => true,
    () => false,
  );

describe('getent, sysctl and cron over a real sshd', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  before(async () => {
    host = await startModuleHost();
  });
  after(() => host?.close());

  it('getent returns passwd and hosts entries as facts, fails on a missing key unless fail_key is false', async () => {
    const passwd = await host.exec('getent', { database: 'passwd', key: 'root' });
    expect(passwd.changed).to.equal(false);
    expect((passwd.ansible_facts as Record<string, Record<string, string[]>>).getent_passwd!.root!.slice(0, 2)).to.deep.equal(['x', '0']);
    const hosts = await host.exec('getent', { database: 'hosts', key: 'localhost' });
    expect(Object.keys((hosts.ansible_facts as Record<string, object>).getent_hosts!)[0]).to.match(/^(::1|127\.0\.0\.1)$/);
    expect(await host.exec('getent', { database: 'passwd', key: 'no-such-user-w' })).to.include({
      failed: true,
      msg: 'One or more supplied key could not be found in the database.',
    });
    const tolerant = await host.exec('getent', { database: 'passwd', key: 'no-such-user-w', fail_key: false });
    expect(tolerant.failed).to.equal(undefined);
    expect(tolerant.ansible_facts).to.deep.equal({ getent_passwd: { 'no-such-user-w': null } });
  });

  it('sysctl writes the file as key=value, reloads it, and compares the live value', async () => {
    const file = join(host.sshd.dir, 'sysctl.conf');
    await writeFile(file, '# tuned\nvm.swappiness = 10\nvm.swappiness=20\n');
    const live = (await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim();
    const args = { name: 'kernel.pid_max', value: live, sysctl_file: file, sysctl_set: true };
    await host.converges('sysctl', args, async () => (await readFile(file, 'utf8')) === '# tuned\nvm.swappiness = 10\nvm.swappiness=20\n');
    expect(await readFile(file, 'utf8')).to.equal(`# tuned\nvm.swappiness=10\nkernel.pid_max=${live}\n`);
    // A different live value in check mode: reported, not set.
    const other = String(Number(live) - 1);
    expect((await host.exec('sysctl', { ...args, value: other }, { check: true })).changed).to.equal(true);
    expect((await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim()).to.equal(live);
    expect((await host.exec('sysctl', { name: 'vm.swappiness', value: 'no', sysctl_file: file, reload: false })).changed).to.equal(true);
    expect(await readFile(file, 'utf8')).to.include('vm.swappiness=0\n');
    await host.converges('sysctl', { name: 'vm.swappiness', state: 'absent', sysctl_file: file, reload: false }, async () =>
      (await readFile(file, 'utf8')).includes('vm.swappiness'),
    );
    expect(await readFile(file, 'utf8')).to.equal(`# tuned\nkernel.pid_max=${live}\n`);
    expect(await host.exec('sysctl', { name: 'vm.nope_w', value: 1, sysctl_file: join(host.sshd.dir, 'bad.conf') })).to.include({ failed: true });
  });

  it('cron manages jobs and variables in a cron_file, removing the file with its last job', async () => {
    const file = join(host.sshd.dir, 'warren_test');
    const job = { name: 'rotate', minute: '5', hour: '2', user: 'root', job: '/usr/local/bin/rotate', cron_file: file };
    const real = await host.converges('cron', job, async () => !(await exists(file)));
    expect(real.jobs).to.deep.equal(['rotate']);
    expect(await readFile(file, 'utf8')).to.equal('#Ansible: rotate\n5 2 * * * root /usr/local/bin/rotate\n');
    await host.converges(
      'cron',
      { name: 'MAILTO', env: true, job: 'ops@example.org', user: 'root', cron_file: file },
      async () => !(await readFile(file, 'utf8')).includes('MAILTO'),
    );
    await host.converges('cron', { ...job, special_time: 'daily', minute: undefined, hour: undefined, disabled: true }, async () =>
      (await readFile(file, 'utf8')).includes('5 2'),
    );
    expect(await readFile(file, 'utf8')).to.equal('MAILTO="ops@example.org"\n#Ansible: rotate\n#@daily root /usr/local/bin/rotate\n');
    await host.converges('cron', { name: 'MAILTO', env: true, state: 'absent', cron_file: file }, async () =>
      (await readFile(file, 'utf8')).includes('MAILTO'),
    );
    const removed = await host.converges('cron', { name: 'rotate', state: 'absent', cron_file: file }, async () => exists(file));
    expect(removed).to.include({ state: 'absent' });
    expect(await exists(file)).to.equal(false);
    expect(await host.exec('cron', { name: 'x', job: 'true', cron_file: file })).to.include({
      failed: true,
      msg: 'To use cron_file=... parameter you must specify user=... as well',
    });
  });
});
