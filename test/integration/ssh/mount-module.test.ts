// mount through a real sshd on loopback (root): a tmpfs under the sshd's temp dir, described in a
// private fstab file (mount -T), so the machine's /etc/fstab is never read or written.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';
import { renderedDiffs } from '../../support/rendered-diffs.ts';

const mounted = (path: string) => {
  try {
    execFileSync('findmnt', ['-rn', '--mountpoint', path]);
    return true;
  } catch {
    return false;
  }
};

describe('mount over a real sshd (tmpfs, private fstab)', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  let fstab: string;
  let point: string;
  before(async () => {
    host = await startModuleHost();
    fstab = join(host.sshd.dir, 'fstab');
    point = join(host.sshd.dir, 'mnt point');
    await writeFile(fstab, '# private fstab\n/dev/sdz1 /srv/none ext4 defaults 0 2\n');
  });
  after(async () => {
    if (point && mounted(point)) execFileSync('umount', [point]);
    await host?.close();
  });

  it('present writes the entry (spaces escaped) and mounts nothing', async () => {
    const args = { path: point, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', state: 'present', fstab };
    const real = await host.converges('mount', args, async () => !(await readFile(fstab, 'utf8')).includes('tmpfs'));
    expect(real).to.include({ name: point, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', dump: '0', passno: '0', fstab });
    const escaped = point.replace(/ /g, '\\040');
    expect(await readFile(fstab, 'utf8')).to.equal(`# private fstab\n/dev/sdz1 /srv/none ext4 defaults 0 2\ntmpfs ${escaped} tmpfs size=1m 0 0\n`);
    expect(mounted(point)).to.equal(false);
  });

  it('mounted creates the mount point and mounts; a changed option remounts; unmounted unmounts', async () => {
    const args = { path: point, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', state: 'mounted', fstab };
    await host.converges('mount', args, async () => !mounted(point));
    expect(mounted(point)).to.equal(true);
    const bigger = { ...args, opts: 'size=2m' };
    const diffed = await host.exec('mount', bigger, { check: true, diff: true });
    expect(diffed.changed).to.equal(true);
    expect(renderedDiffs(diffed)[0]!.after).to.include('tmpfs size=2m 0 0');
    expect(await host.exec('mount', bigger)).to.include({ changed: true });
    expect(execFileSync('findmnt', ['-rn', '-o', 'OPTIONS', '--mountpoint', point], { encoding: 'utf8' })).to.include('size=2048k');
    expect((await host.exec('mount', { path: point, state: 'remounted', fstab })).changed).to.equal(true);
    await host.converges('mount', { path: point, state: 'unmounted', fstab }, async () => mounted(point));
    expect(mounted(point)).to.equal(false);
    expect(await readFile(fstab, 'utf8')).to.include('size=2m');
  });

  it('boot: false adds noauto; absent removes the entry, unmounts and removes the mount point', async () => {
    const args = { path: point, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', state: 'mounted', fstab, boot: false };
    expect(await host.exec('mount', args)).to.include({ changed: true, opts: 'size=1m,noauto' });
    expect(mounted(point)).to.equal(true);
    await host.converges('mount', { path: point, state: 'absent', fstab }, async () => mounted(point));
    expect(mounted(point)).to.equal(false);
    expect(
      await stat(point).then(
        () => true,
        () => false,
      ),
    ).to.equal(false);
    expect(await readFile(fstab, 'utf8')).to.equal('# private fstab\n/dev/sdz1 /srv/none ext4 defaults 0 2\n');
    expect(await host.exec('mount', { path: point, state: 'remounted', fstab })).to.include({ failed: true });
  });
});
