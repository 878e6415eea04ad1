// unarchive's and archive's pure parts (tar --diff filtering, zipinfo parsing, archive roots and
// member signatures) and their load-time argument errors. Expected values follow what
// ansible-core 2.14's unarchive and community.general's archive compute for the same input.
import { expect } from 'chai';
import { validateModuleArgs } from '../../../../src/load/module-args.ts';
import { findModule } from '../../../../src/modules/registry.ts';
import { arcName, commonRoot, isArchiveName, tarListingSignatures, tarSignature } from '../../../../src/modules/files/archive-members.ts';
import { tarDifferences, tarFiles, zipDifferences, zipEntries, zipMode } from '../../../../src/modules/files/unarchive-check.ts';

const loc = { file: 'site.yml', line: 3, col: 7 };
const argsError = (module: string, args: Record<string, unknown>) => {
  try {
    validateModuleArgs(findModule(module)!, args, loc);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('unarchive checks', () => {
  it('keeps only the tar --diff lines Ansible counts, by what the task sets anyway', () => {
    const out = [
      './a.txt: Mod time differs',
      './b: Mode differs',
      './c: Uid differs',
      'tar: ./d: Warning: Cannot stat: No such file or directory',
      './e: Size differs',
    ].join('\n');
    expect(tarDifferences(out, {}, true)).to.deep.equal([
      './a.txt: Mod time differs',
      './b: Mode differs',
      './c: Uid differs',
      'tar: ./d: Warning: Cannot stat: No such file or directory',
    ]);
    expect(tarDifferences(out, { mode: '0644', owner: 'x' }, true)).to.deep.equal([
      './a.txt: Mod time differs',
      'tar: ./d: Warning: Cannot stat: No such file or directory',
    ]);
    expect(tarDifferences('./c: Uid differs', {}, false)).to.deep.equal([]);
    expect(tarFiles('./\n./sub/\n/abs/x\n./sub/skip.log\n', ['./sub/*.log'])).to.deep.equal(['./', './sub/', 'abs/x']);
  });

  it('parses zipinfo -T -s with unzip -v CRCs and itemizes the differences as Ansible does', () => {
    const zipinfo = [
      'Archive:  t.zip',
      'Zip file size: 448 bytes, number of entries: 3',
      'drwxr-xr-x  3.0 unx        0 bx stor 20261202.023204 sub/',
      '-rw-------  3.0 unx        3 tx stor 20261202.023204 sub/b.txt',
      '-rw-r--r--  3.0 unx        3 tx stor 20261202.023204 a.txt',
      '3 files, 6 bytes uncompressed, 6 bytes compressed:  0.0%',
    ].join('\n');
    const unzipV = '       3  Stored        3   0% 2026-12-02 02:32 a6d114bb  sub/b.txt\n       3  Stored        3   0% 2026-12-02 02:32 ed6f7a7a  a.txt\n';
    const entries = zipEntries(zipinfo, unzipV, []);
    expect(entries.map((e) => [e.type, e.path, e.crc])).to.deep.equal([
      ['d', 'sub/', undefined],
      ['f', 'sub/b.txt', 'a6d114bb'],
      ['f', 'a.txt', 'ed6f7a7a'],
    ]);
    expect(zipMode(entries[1]!, 0o022)).to.equal(0o600);
    const want = { owner: 'root', group: 'root', umask: 0o022 };
    expect(zipDifferences(entries, new Map(), want, false)).to.deep.equal(['>d++++++.?? sub/', '>f++++++.?? sub/b.txt', '>f++++++.?? a.txt']);
    const same = { size: 3, stamp: '20261202.023204', owner: 'root', group: 'root' };
    const host = new Map([
      ['sub', { kind: 'directory' as const, size: 4096, stamp: '', mode: 0o755, owner: 'root', group: 'root' }],
      ['sub/b.txt', { kind: 'file' as const, ...same, mode: 0o600, crc: 'a6d114bb' }],
      ['a.txt', { kind: 'file' as const, ...same, mode: 0o644, crc: '00000000' }],
    ]);
    expect(zipDifferences(entries, host, want, false)).to.deep.equal(['.fc......?? a.txt']);
    expect(zipDifferences(entries, host, { ...want, mode: 0o640 }, false)).to.deep.equal(['.d...p...?? sub/', '.f...p...?? sub/b.txt', '.fc..p...?? a.txt']);
  });

  it('refuses bad arguments at load time with the task location', () => {
    expect(argsError('unarchive', { src: 'a.tgz' })).to.equal("site.yml:3:7: unarchive: missing required argument 'dest'");
    expect(argsError('unarchive', { src: 'a.tgz', dest: '/x', mode: '0999' })).to.match(/^site\.yml:3:7: unarchive: 'mode' must be an octal mode/);
    expect(argsError('unarchive', { src: 'a.tgz', dest: '/x', include: ['a'], exclude: ['b'] })).to.equal(
      "site.yml:3:7: unarchive: 'include' and 'exclude' are mutually exclusive",
    );
    expect(argsError('unarchive', { src: 'a.tgz', dest: '/x', exclude: 'a,b', extra_opts: ['--strip-components=1'] })).to.equal('');
  });
});

describe('archive members', () => {
  it('roots the archive at the longest common directory, as community.general does', () => {
    expect(commonRoot(['/a/b/foo'])).to.equal('/a/b/');
    expect(commonRoot(['/a/b/foo', '/a/c/bar'])).to.equal('/a/');
    expect(commonRoot(['/a/bx/f', '/a/by/g'])).to.equal('/a/');
    expect(commonRoot(['/foo'])).to.equal('/');
    expect(arcName('/a/', '/a/b/c')).to.equal('b/c');
    expect(isArchiveName('/x/y.tar.gz')).to.equal(true);
    expect(isArchiveName('/x/y.gz')).to.equal(false);
  });

  it('signs members as tar -tv --full-time lists them', () => {
    const entry = { perms: 'drwxr-xr-x', owner: 'root/root', size: 4096, time: '2026-12-02 02:38:32', link: '', path: '/w/tree/x' };
    const link = { perms: 'lrwxrwxrwx', owner: 'root/root', size: 1, time: '2026-12-02 02:38:32', link: 'f', path: '/w/tree/x/l' };
    expect([tarSignature(entry, '/w/tree/'), tarSignature(link, '/w/tree/')].sort()).to.deep.equal(
      tarListingSignatures('drwxr-xr-x root/root         0 2026-12-02 02:38:32 x/\nlrwxrwxrwx root/root         0 2026-12-02 02:38:32 x/l -> f\n'),
    );
  });

  it('refuses bad arguments at load time', () => {
    expect(argsError('archive', { dest: '/x' })).to.equal("site.yml:3:7: archive: missing required argument 'path'");
    expect(argsError('archive', { path: '/x', format: 'rar' })).to.equal("site.yml:3:7: archive: 'format' must be one of gz, bz2, xz, tar, zip, zstd");
    expect(argsError('archive', { path: ['/x', '/y/*'], dest: '/b.zip', format: 'zip', exclude_path: '/y/z' })).to.equal('');
  });
});
