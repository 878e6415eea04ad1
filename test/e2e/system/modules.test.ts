// System modules on a real Debian lab host (systemd as PID 1): each change is predicted by check
// mode without touching the host, applied once, then reports changed=false on re-run.
import { expect } from 'chai';
import { SshConnection, sshSettingsFromVars } from '../../../src/connection/ssh.ts';
import type { ModuleResult } from '../../../src/modules/module.ts';
import { findModule } from '../../../src/modules/registry.ts';
import type { LabFixture } from '../../support/lab.ts';
import { wsysLab } from '../../support/wsys-lab.ts';
import { runModule } from '../../support/module-context.ts';

describe('system modules on lab host sys1', function () {
  this.timeout(15 * 60 * 1000);
  let conn: SshConnection;
  let address: string;
  const exec = (module: string, args: unknown, check = false): Promise<ModuleResult> =>
    runModule(findModule(module)!, args, { conn, host: 'sys1', check, diff: true });
  const sh = async (command: string) => (await conn.exec(command)).stdout.trim();

  /** check mode predicts a change and changes nothing; apply changes; re-run and check mode see nothing to do */
  async function converges(module: string, args: unknown, observe: () => Promise<string>): Promise<void> {
    const before = await observe();
    expect((await exec(module, args, true)).changed, `${module} --check`).to.equal(true);
    expect(await observe(), `${module} --check changed the host`).to.equal(before);
    const applied = await exec(module, args);
    expect(applied.failed, String(applied.msg)).to.equal(undefined);
    expect(applied.changed, module).to.equal(true);
    expect(await observe(), `${module} changed nothing`).to.not.equal(before);
    expect((await exec(module, args)).changed, `${module} re-run`).to.equal(false);
    expect((await exec(module, args, true)).changed, `${module} --check re-run`).to.equal(false);
  }

  before(async () => {
    const lab: LabFixture = await wsysLab();
    address = lab.hosts.sys1.address;
    const vars = { ansible_host: address, ansible_user: 'root', ansible_ssh_private_key_file: lab.keyFile, warren_known_hosts_file: lab.knownHostsFile };
    conn = new SshConnection('sys1', sshSettingsFromVars('sys1', vars, {}));
    await conn.connect();
  });
  after(async () => conn?.close());

  it('facts describe a Debian 12 systemd host', async () => {
    const r = await exec('setup', {});
    expect(r.ansible_facts).to.deep.include({
      distribution: 'Debian',
      distribution_major_version: '12',
      distribution_release: 'bookworm',
      os_family: 'Debian',
      service_mgr: 'systemd',
      pkg_mgr: 'apt',
    });
    expect((r.ansible_facts!.default_ipv4 as { address: string }).address).to.equal(address);
  });

  it('apt installs and removes a package', async () => {
    const installed = () => sh("dpkg-query -W -f='${db:Status-Abbrev}' hello 2>/dev/null || true");
    await converges('apt', { name: 'hello', state: 'present', update_cache: true, cache_valid_time: 3600 }, installed);
    await converges('apt', { name: 'hello', state: 'absent', purge: true }, installed);
  });

  it('systemd starts, enables, stops and disables a unit', async () => {
    await conn.put(
      '[Unit]\nDescription=warren test\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n',
      '/etc/systemd/system/warren-e2e.service',
      { mode: '0644' },
    );
    const state = () => sh('systemctl is-active warren-e2e; systemctl is-enabled warren-e2e; true');
    await converges('systemd', { name: 'warren-e2e', state: 'started', enabled: true, daemon_reload: true }, state);
    await converges('service', { name: 'warren-e2e', state: 'stopped', enabled: false }, state);
  });

  it('group and user are created, then removed', async () => {
    const account = () => sh('getent group wsysgrp; getent passwd wsysusr; id -Gn wsysusr 2>/dev/null; true');
    await converges('group', { name: 'wsysgrp', gid: 4321 }, account);
    await converges('user', { name: 'wsysusr', groups: ['wsysgrp'], shell: '/bin/bash', create_home: true }, account);
    await converges('user', { name: 'wsysusr', state: 'absent', remove: true }, account);
    await converges('group', { name: 'wsysgrp', state: 'absent' }, account);
  });

  it('hostname sets the running name and /etc/hostname, then restores', async () => {
    const names = () => sh('hostname; cat /etc/hostname');
    await converges('hostname', { name: 'sys1-renamed' }, names);
    await converges('hostname', { name: 'sys1' }, names);
  });

  it('wait_for sees sshd on port 22 and times out on a closed port', async () => {
    expect(await exec('wait_for', { port: 22, timeout: 10 })).to.include({ changed: false, state: 'started' });
    expect(await exec('wait_for', { port: 2, timeout: 1 })).to.include({ failed: true, msg: 'Timeout when waiting for 127.0.0.1:2' });
  });
});
