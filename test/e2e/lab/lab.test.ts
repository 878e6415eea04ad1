// Real hosts: a two-host lab (name wtest, 10.86.1.0/24), driven over SSH with host key checking on.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { labStatus } from '../../../src/lab/faults.ts';
import { defaultLabPaths } from '../../../src/lab/state.ts';
import { destroyLab, ensureLab, labFault, sshRun, type LabFixture } from '../../support/lab.ts';

const name = 'wtest';
const hosts = ['t1', 't2'];

function tcpReach(lab: LabFixture, from: string, to: string): boolean {
  const target = lab.hosts[to]!.address;
  return sshRun(lab, from, `timeout 3 bash -c 'exec 3<>/dev/tcp/${target}/22' && echo open`).stdout.includes('open');
}

describe('lab (real systemd-nspawn hosts)', function () {
  this.timeout(600000);
  let lab: LabFixture;

  before(async () => {
    lab = await ensureLab({ name, hosts, subnet: '10.86.1.0/24' });
  });

  after(async () => {
    await destroyLab(name);
  });

  it('boots two hosts with distinct hostnames and addresses, reachable over SSH with host key checking', () => {
    const names = hosts.map((host) => sshRun(lab, host, 'hostname').stdout.trim());
    expect(names).to.deep.equal(hosts);
    const addresses = hosts.map((host) => sshRun(lab, host, 'ip -4 -o addr show host0').stdout);
    expect(addresses[0]).to.include('10.86.1.11/24');
    expect(addresses[1]).to.include('10.86.1.12/24');
    expect(readFileSync(lab.knownHostsFile, 'utf8')).to.match(/^10\.86\.1\.11 ssh-ed25519 /m);
    expect(readFileSync(lab.inventoryPath, 'utf8')).to.include('ansible_host: 10.86.1.12');
  });

  it('is idempotent: a second ensureLab (twice at once) keeps the running hosts', async () => {
    const before = sshRun(lab, 't1', 'cat /proc/sys/kernel/random/boot_id').stdout;
    const [again] = await Promise.all([ensureLab({ name, hosts }), ensureLab({ name, hosts })]);
    expect(again.hosts).to.deep.equal(lab.hosts);
    expect(sshRun(lab, 't1', 'cat /proc/sys/kernel/random/boot_id').stdout).to.equal(before);
  });

  it('lets hosts reach each other on the bridge', () => {
    expect(tcpReach(lab, 't1', 't2')).to.equal(true);
    expect(tcpReach(lab, 't2', 't1')).to.equal(true);
  });

  it('installs packages through the apt proxy on the lab machine', () => {
    const result = sshRun(
      lab,
      't1',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null 2>&1; socat -V | head -2',
      60,
    );
    expect(result.stdout).to.match(/socat version/);
    expect(sshRun(lab, 't1', 'cat /etc/apt/apt.conf.d/01warren-lab-proxy').stdout).to.include('http://10.86.1.1:');
  });

  it('partition cuts a host off both ways; heal restores it', async () => {
    await labFault('partition', 't2', name);
    expect(sshRun(lab, 't2', 'true', 2).code).to.equal(255);
    expect(tcpReach(lab, 't1', 't2')).to.equal(false);
    expect((await labStatus({ name, paths: defaultLabPaths })).hosts.find((host) => host.host === 't2')?.partitioned).to.equal(true);
    await labFault('heal', 't2', name);
    expect(sshRun(lab, 't2', 'hostname').stdout.trim()).to.equal('t2');
    expect(tcpReach(lab, 't1', 't2')).to.equal(true);
  });

  it('kill crashes a host; start boots it again with its disk kept', async () => {
    await labFault('kill', 't1', name);
    expect(sshRun(lab, 't1', 'true', 2).code).to.equal(255);
    const status = await labStatus({ name, paths: defaultLabPaths });
    expect(status.hosts.find((host) => host.host === 't1')?.running).to.equal(false);
    await labFault('start', 't1', name);
    expect(sshRun(lab, 't1', 'command -v socat').stdout.trim()).to.equal('/usr/bin/socat');
  });

  it('stop powers a host off cleanly; start brings it back', async () => {
    await labFault('stop', 't2', name);
    expect(sshRun(lab, 't2', 'true', 2).code).to.equal(255);
    await labFault('start', 't2', name);
    expect(sshRun(lab, 't2', 'systemctl is-system-running --wait').stdout.trim()).to.match(/running|degraded/);
  });

  it('down leaves no mount, bridge, veth, process or state behind', async () => {
    await destroyLab(name);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.to.include(`/labs/${name}/`);
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
    expect(links).not.to.include(`wl-${name}`);
    expect(links).not.to.include(`vb-${name}-`);
    expect(
      execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => !line.startsWith('Z') && line.includes(`--machine=${name}-`)),
    ).to.deep.equal([]);
    expect(existsSync(`/var/lib/warren/labs/${name}`)).to.equal(false);
    expect(existsSync(lab.inventoryPath)).to.equal(false);
  });
});
