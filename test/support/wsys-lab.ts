// The `wsys` lab (one Debian host, sys1) the system tests share: booted by the first suite that
// asks, taken down once after the whole run (a root-level hook, registered when a system suite
// first imports this file), so no run leaves it up.
import { SshConnection, sshSettingsFromVars } from '../../src/connection/ssh.ts';
import { destroyLab, ensureLab, type LabFixture } from './lab.ts';

export const WSYS = 'wsys';

after(async function () {
  this.timeout(5 * 60 * 1000);
  await destroyLab(WSYS);
});

export function wsysLab(): Promise<LabFixture> {
  return ensureLab({ name: WSYS, hosts: ['sys1'], subnet: '10.86.2.0/24' });
}

/** A root SSH connection to sys1, host key checked against the lab's known_hosts. */
export async function connectSys1(lab: LabFixture): Promise<SshConnection> {
  const vars = {
    ansible_host: lab.hosts.sys1.address,
    ansible_user: 'root',
    ansible_ssh_private_key_file: lab.keyFile,
    warren_known_hosts_file: lab.knownHostsFile,
  };
  const conn = new SshConnection('sys1', sshSettingsFromVars('sys1', vars, {}));
  await conn.connect();
  return conn;
}
