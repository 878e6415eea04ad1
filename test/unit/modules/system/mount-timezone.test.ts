// mount's fstab edits (ansible.posix's escaping, in-place rewrite, boot: false) and the
// load-time argument errors of mount and timezone.
import { expect } from 'chai';
import { validateModuleArgs } from '../../../../src/load/module-args.ts';
import { findModule } from '../../../../src/modules/registry.ts';
import { bootOpts, removeFstabEntry, setFstabEntry } from '../../../../src/modules/system/mount-fstab.ts';

const loc = { file: 'site.yml', line: 3, col: 7 };
const argsError = (module: string, args: Record<string, unknown>) => {
  try {
    validateModuleArgs(findModule(module)!, args, loc);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('fstab edits', () => {
  const entry = { src: 'tmpfs', path: '/mnt/my data', fstype: 'tmpfs', opts: 'size=1m', dump: '0', passno: '0' };
  it('appends a new entry with escaped fields and keeps comments', () => {
    expect(setFstabEntry('# fstab\nUUID=1 / ext4 defaults 0 1\n', entry)).to.deep.equal({
      text: '# fstab\nUUID=1 / ext4 defaults 0 1\ntmpfs /mnt/my\\040data tmpfs size=1m 0 0\n',
      changed: true,
    });
  });
  it('rewrites a differing entry in place and leaves an equal one alone', () => {
    const text = 'tmpfs\t/mnt/my\\040data\ttmpfs\tsize=2m\t0\t0\n/dev/b /b ext4 defaults 0 2\n';
    expect(setFstabEntry(text, entry).text).to.equal('tmpfs /mnt/my\\040data tmpfs size=1m 0 0\n/dev/b /b ext4 defaults 0 2\n');
    const same = 'tmpfs /mnt/my\\040data tmpfs size=1m\n';
    expect(setFstabEntry(same, entry)).to.deep.equal({ text: same, changed: false });
    expect(removeFstabEntry(text, '/mnt/my data')).to.deep.equal({ text: '/dev/b /b ext4 defaults 0 2\n', changed: true });
    expect(removeFstabEntry(text, '/nope').changed).to.equal(false);
  });
  it('boot: false adds noauto unless opts has defaults or noauto', () => {
    expect(bootOpts('size=1m', false)).to.deep.equal({ opts: 'size=1m,noauto', warnings: [] });
    expect(bootOpts('defaults', false).warnings).to.deep.equal(["Ignore the 'boot' due to 'opts' contains 'defaults'."]);
    expect(bootOpts('ro,noauto', true)).to.deep.equal({ opts: 'ro,noauto', warnings: [] });
  });
});

describe('mount and timezone arguments', () => {
  it('are checked at load time', () => {
    expect(argsError('mount', { path: '/x', state: 'mounted' })).to.include("missing required argument 'src'");
    expect(argsError('mount', { path: '/x', state: 'unmounted' })).to.equal('');
    expect(argsError('mount', { path: '/x', src: 'tmpfs', fstype: 'tmpfs', state: 'up' })).to.include("'state' must be one of mounted, unmounted");
    expect(argsError('timezone', {})).to.equal("site.yml:3:7: timezone: one of 'name', 'hwclock', 'rtc' is required");
    expect(argsError('timezone', { name: 'Europe/Paris; reboot' })).to.include("'name' must match");
    expect(argsError('timezone', { name: 'Europe/Paris', hwclock: 'UTC' })).to.equal('');
  });
});
