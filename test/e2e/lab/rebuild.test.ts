// `lab rebuild HOST`: a reinstalled machine (fresh disk from the base image) with the same name,
// address and SSH host key. Own lab: wrebuild on 10.86.7.0/24.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { destroyLab, ensureLab, sshRun, type LabFixture } from '../../support/lab.ts';

const name = 'wrebuild';
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('lab rebuild (real systemd-nspawn host)', function () {
  this.timeout(600000);
  let lab: LabFixture;

  before(async () => {
    lab = await ensureLab({ name, hosts: ['r1', 'r2'], subnet: '10.86.7.0/24' });
  });
  after(async () => {
    await destroyLab(name);
  });

  it('gives the host a fresh disk and keeps its name, address and host key; the other host is untouched', () => {
    sshRun(lab, 'r1', 'echo kept-before-rebuild > /root/marker');
    sshRun(lab, 'r2', 'echo other > /root/marker');
    const bootBefore = sshRun(lab, 'r1', 'cat /proc/sys/kernel/random/boot_id').stdout;
    const otherBoot = sshRun(lab, 'r2', 'cat /proc/sys/kernel/random/boot_id').stdout;
    const said = execFileSync('node', ['bin/warren.js', 'lab', 'rebuild', 'r1', '--name', name], { cwd: root, encoding: 'utf8' });
    expect(said).to.match(/^r1: rebuilt/);
    // sshRun checks the host key against the lab's known_hosts: the same key still fits.
    const after = sshRun(lab, 'r1', 'hostname; ip -4 -o addr show host0; cat /root/marker 2>/dev/null || echo no-marker; cat /proc/sys/kernel/random/boot_id');
    expect(after.code, after.stderr).to.equal(0);
    const [hostname, address, marker, boot] = after.stdout.trim().split('\n');
    expect(hostname).to.equal('r1');
    expect(address).to.include('10.86.7.11/24');
    expect(marker).to.equal('no-marker');
    expect(`${boot}\n`).to.not.equal(bootBefore);
    expect(sshRun(lab, 'r2', 'cat /root/marker; cat /proc/sys/kernel/random/boot_id').stdout).to.equal(`other\n${otherBoot}`);
  });
});
