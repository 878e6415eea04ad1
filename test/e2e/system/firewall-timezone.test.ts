// timezone, iptables and mount on a real Debian lab host (systemd as PID 1, its own network
// namespace): check mode predicts without touching the host, apply changes once, a re-run and
// check mode then see nothing to do. The host is put back as found (zone, rules, policy).
import { expect } from 'chai';
import { SshConnection, sshSettingsFromVars } from '../../../src/connection/ssh.ts';
import type { ModuleResult } from '../../../src/modules/module.ts';
import { findModule } from '../../../src/modules/registry.ts';
import type { LabFixture } from '../../support/lab.ts';
import { wsysLab } from '../../support/wsys-lab.ts';
import { runModule } from '../../support/module-context.ts';
import { renderedDiffs } from '../../support/rendered-diffs.ts';

describe('timezone, iptables and mount on lab host sys1', function () {
  this.timeout(15 * 60 * 1000);
  let conn: SshConnection;
  let zoneBefore = '';
  const exec = (module: string, args: unknown, check = false): Promise<ModuleResult> =>
    runModule(findModule(module)!, args, { conn, host: 'sys1', check, diff: true });
  const sh = async (command: string) => (await conn.exec(command)).stdout.trim();

  async function converges(module: string, args: unknown, observe: () => Promise<string>): Promise<ModuleResult> {
    const before = await observe();
    const checked = await exec(module, args, true);
    expect(checked.failed, String(checked.msg)).to.equal(undefined);
    expect(checked.changed, `${module} --check`).to.equal(true);
    expect(await observe(), `${module} --check changed the host`).to.equal(before);
    const applied = await exec(module, args);
    expect(applied.failed, String(applied.msg)).to.equal(undefined);
    expect(applied.changed, module).to.equal(true);
    expect(await observe(), `${module} changed nothing`).to.not.equal(before);
    expect((await exec(module, args)).changed, `${module} re-run`).to.equal(false);
    expect((await exec(module, args, true)).changed, `${module} --check re-run`).to.equal(false);
    return applied;
  }

  before(async () => {
    const lab: LabFixture = await wsysLab();
    const vars = {
      ansible_host: lab.hosts.sys1.address,
      ansible_user: 'root',
      ansible_ssh_private_key_file: lab.keyFile,
      warren_known_hosts_file: lab.knownHostsFile,
    };
    conn = new SshConnection('sys1', sshSettingsFromVars('sys1', vars, {}));
    await conn.connect();
    const installed = await exec('apt', { name: ['iptables', 'tzdata'], state: 'present', update_cache: true });
    expect(installed.failed, String(installed.msg)).to.equal(undefined);
    zoneBefore = await sh('timedatectl show -p Timezone --value');
  });
  after(async () => {
    if (conn && zoneBefore) await conn.exec(`timedatectl set-timezone ${zoneBefore}`);
    await conn?.exec('iptables -P FORWARD ACCEPT; iptables -F INPUT; iptables -F warren-test 2>/dev/null; iptables -X warren-test 2>/dev/null; true');
    await conn?.close();
  });

  it('timezone sets the zone through timedatectl, with a diff, and refuses an unknown zone', async () => {
    const target = zoneBefore === 'Europe/Paris' ? 'Asia/Tokyo' : 'Europe/Paris';
    const applied = await converges('timezone', { name: target }, () => sh('timedatectl show -p Timezone --value'));
    expect(renderedDiffs(applied)[0]!.after).to.include(`name: ${target}`);
    expect(await sh('readlink /etc/localtime')).to.include(target);
    await converges('timezone', { hwclock: 'local' }, () => sh('timedatectl show -p LocalRTC --value'));
    await converges('timezone', { hwclock: 'UTC' }, () => sh('timedatectl show -p LocalRTC --value'));
    expect(await exec('timezone', { name: 'Mars/Olympus' })).to.include({ failed: true, msg: 'given timezone "Mars/Olympus" is not available' });
  });

  it('iptables adds, inserts and removes rules idempotently, with the rule Ansible reports', async () => {
    const rules = () => sh('iptables -S INPUT');
    const ssh = { chain: 'INPUT', protocol: 'tcp', destination_port: 22, ctstate: ['NEW'], jump: 'ACCEPT', comment: 'ssh in' };
    const added = await converges('iptables', ssh, rules);
    expect(added).to.include({
      rule: '-p tcp -j ACCEPT --destination-port 22 -m conntrack --ctstate NEW -m comment --comment ssh in',
      table: 'filter',
      chain: 'INPUT',
      state: 'present',
      ip_version: 'ipv4',
      flush: false,
    });
    expect(await rules()).to.include('--dport 22');
    const first = { chain: 'INPUT', in_interface: 'lo', jump: 'ACCEPT', action: 'insert', rule_num: 1 };
    await converges('iptables', first, rules);
    expect((await rules()).split('\n')[1]).to.equal('-A INPUT -i lo -j ACCEPT');
    await converges('iptables', { chain: 'INPUT', source: '!10.0.0.0/8', destination_ports: ['80', '443'], protocol: 'tcp', jump: 'DROP' }, rules);
    expect(await rules()).to.include('! -s 10.0.0.0/8 -p tcp -m multiport --dports 80,443 -j DROP');
    await converges('iptables', { ...ssh, state: 'absent' }, rules);
    expect(await rules()).to.not.include('--dport 22');
  });

  it('iptables sets a policy, manages a user chain and flushes', async () => {
    await converges('iptables', { chain: 'FORWARD', policy: 'DROP' }, () => sh('iptables -S FORWARD'));
    expect(await sh('iptables -S FORWARD')).to.include('-P FORWARD DROP');
    await converges('iptables', { chain: 'warren-test', chain_management: true }, () => sh('iptables -S warren-test 2>&1'));
    await converges('iptables', { chain: 'warren-test', protocol: 'udp', destination_port: '53', jump: 'ACCEPT', chain_management: true }, () =>
      sh('iptables -S warren-test'),
    );
    const flushed = await exec('iptables', { chain: 'warren-test', flush: true });
    expect(flushed.changed).to.equal(true);
    expect(await sh('iptables -S warren-test')).to.equal('-N warren-test');
    await converges('iptables', { chain: 'warren-test', state: 'absent', chain_management: true }, () => sh('iptables -S warren-test 2>&1'));
    expect(await exec('iptables', { chain: 'INPUT', protocol: 'tcp', destination_port: 'nope-port', jump: 'ACCEPT' })).to.include({ failed: true });
  });

  it('mount mounts a tmpfs from /etc/fstab and removes it again', async () => {
    const fstab = () => sh('cat /etc/fstab 2>/dev/null; findmnt -rn --mountpoint /mnt/warren-tmp || true');
    const args = { path: '/mnt/warren-tmp', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', state: 'mounted' };
    await converges('mount', args, fstab);
    expect(await sh('findmnt -rn -o FSTYPE --mountpoint /mnt/warren-tmp')).to.equal('tmpfs');
    await converges('mount', { path: '/mnt/warren-tmp', state: 'absent' }, fstab);
    expect(await sh('grep -c warren-tmp /etc/fstab || true')).to.equal('0');
  });
});
