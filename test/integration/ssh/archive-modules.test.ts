// unarchive and archive through a real sshd on loopback: archives made with tar/zip here, files
// asserted on disk, check mode changes nothing, a second run changes nothing. Expected results
// are what Debian's ansible-core 2.14 returned for the same archives (run side by side).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';
import { renderedDiffs } from '../../support/rendered-diffs.ts';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('unarchive and archive over a real sshd', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  let work: string;
  before(async () => {
    host = await startModuleHost();
    work = join(host.sshd.dir, 'archives');
    await mkdir(join(work, 'tree/sub'), { recursive: true });
    await writeFile(join(work, 'tree/a.txt'), 'hi\n');
    await writeFile(join(work, 'tree/sub/b.txt'), 'yo\n', { mode: 0o600 });
    const tree = join(work, 'tree');
    execFileSync('tar', ['czf', join(work, 't.tgz'), '-C', tree, '.']);
    execFileSync('tar', ['cJf', join(work, 't.tar.xz'), '-C', tree, 'a.txt', 'sub']);
    execFileSync('zip', ['-qr', join(work, 't.zip'), '.'], { cwd: tree });
  });
  after(() => host?.close());

  it('unpacks a controller tar.gz, lists its files, and is unchanged once unpacked', async () => {
    const dest = join(work, 'out-tgz');
    await mkdir(dest);
    const args = { src: join(work, 't.tgz'), dest, list_files: true };
    const real = await host.converges('unarchive', args, async () => (await readdir(dest)).length === 0);
    expect(real).to.include({ handler: 'TgzArchive', dest, state: 'directory', owner: 'root', uid: 0 });
    expect(real.files).to.deep.equal(['./', './sub/', './sub/b.txt', './a.txt']);
    expect(real.extract_results).to.deep.include({ rc: 0, out: '', err: '' });
    expect((real.extract_results as { cmd: string[] }).cmd.slice(0, 5)).to.deep.equal(['tar', '--extract', '-C', dest, '-z']);
    expect(await readFile(join(dest, 'sub/b.txt'), 'utf8')).to.equal('yo\n');
    expect((await stat(join(dest, 'sub/b.txt'))).mode & 0o777).to.equal(0o600);
    // a changed file is put back
    await writeFile(join(dest, 'a.txt'), 'changed\n');
    // tar --diff, as Ansible reads it, goes by "Mod time differs" (not size): the archive can be made
    // in the same second as this write, so give the edit a clearly different mtime
    await utimes(join(dest, 'a.txt'), new Date(Date.now() + 120_000), new Date(Date.now() + 120_000));
    expect((await host.exec('unarchive', args)).changed).to.equal(true);
    expect(await readFile(join(dest, 'a.txt'), 'utf8')).to.equal('hi\n');
    expect(await host.exec('unarchive', { ...args, creates: join(dest, 'a.txt') })).to.include({
      skipped: true,
      changed: false,
      msg: `skipped, since ${join(dest, 'a.txt')} exists`,
    });
  });

  it('unpacks a zip with an itemized diff, then sets a mode on every member', async () => {
    const dest = join(work, 'out-zip');
    await mkdir(dest);
    const args = { src: join(work, 't.zip'), dest, list_files: true };
    const checked = await host.exec('unarchive', args, { check: true, diff: true });
    expect(checked).to.include({ changed: true, handler: 'ZipArchive' });
    expect(renderedDiffs(checked)[0]!.after).to.equal('>d++++++.?? sub/\n>f++++++.?? sub/b.txt\n>f++++++.?? a.txt\n');
    await host.converges('unarchive', args, async () => (await readdir(dest)).length === 0);
    expect(await readFile(join(dest, 'a.txt'), 'utf8')).to.equal('hi\n');
    const withMode = { ...args, mode: '0640' };
    const moded = await host.exec('unarchive', withMode, { diff: true });
    expect(moded.changed).to.equal(true);
    expect(renderedDiffs(moded)[0]!.after).to.equal('.d...p...?? sub/\n.f...p...?? sub/b.txt\n.f...p...?? a.txt\n');
    expect((await stat(join(dest, 'sub'))).mode & 0o777).to.equal(0o640);
    expect((await host.exec('unarchive', withMode)).changed).to.equal(false);
  });

  it('unpacks a tar.xz already on the host with include, exclude and owner', async () => {
    const dest = join(work, 'out-xz');
    await mkdir(dest);
    const args = { src: join(work, 't.tar.xz'), dest, remote_src: true, exclude: ['sub/b.txt'], owner: 'nobody' };
    const real = await host.converges('unarchive', args, async () => (await readdir(dest)).length === 0);
    expect(real.handler).to.equal('TarArchive');
    expect(await exists(join(dest, 'sub/b.txt'))).to.equal(false);
    expect((await stat(join(dest, 'a.txt'))).uid).to.not.equal(0);
    const only = join(work, 'out-only');
    await mkdir(only);
    await host.converges(
      'unarchive',
      { src: join(work, 't.tar.xz'), dest: only, remote_src: true, include: ['a.txt'] },
      async () => !(await exists(join(only, 'a.txt'))),
    );
    expect(await readdir(only)).to.deep.equal(['a.txt']);
  });

  it('fails clearly on a missing source, a missing dest and a file that is no archive', async () => {
    expect(await host.exec('unarchive', { src: join(work, 'nope.tgz'), dest: work, remote_src: true })).to.include({
      failed: true,
      msg: `Source '${join(work, 'nope.tgz')}' does not exist`,
    });
    expect(await host.exec('unarchive', { src: join(work, 't.tgz'), dest: join(work, 'no-dir') })).to.include({ failed: true });
    expect((await host.exec('unarchive', { src: join(work, 't.tgz'), dest: join(work, 'no-dir') })).msg).to.match(
      /^Destination '.*no-dir' is not a directory$/,
    );
    expect((await host.exec('unarchive', { src: join(work, 'tree/a.txt'), dest: work, remote_src: true })).msg).to.match(/^Failed to find handler for/);
  });

  it('archive packs a tree as tar.gz with exclude_path, and reports what Ansible reports', async () => {
    const dest = join(work, 'packed.tgz');
    const tree = join(work, 'tree');
    const args = { path: [`${tree}/*`], dest, exclude_path: [join(tree, 'sub')], format: 'gz' };
    const real = await host.converges('archive', args, async () => !(await exists(dest)));
    expect(real).to.deep.include({
      dest,
      dest_state: 'archive',
      state: 'archive',
      arcroot: `${tree}/`,
      archived: [join(tree, 'a.txt')],
      missing: [],
      expanded_paths: [join(tree, 'a.txt'), join(tree, 'sub')],
      expanded_exclude_paths: [join(tree, 'sub')],
    });
    expect(execFileSync('tar', ['-tzf', dest], { encoding: 'utf8' })).to.equal('a.txt\n');
    // a changed source file changes the archive
    await writeFile(join(tree, 'a.txt'), 'hello again\n');
    expect((await host.exec('archive', args)).changed).to.equal(true);
    expect((await host.exec('archive', args)).changed).to.equal(false);
  });

  it('archive writes zip and xz trees, compresses one file, and removes sources when asked', async () => {
    const tree = join(work, 'tree');
    const zip = join(work, 'packed.zip');
    const zipped = await host.converges('archive', { path: [tree], dest: zip, format: 'zip', mode: '0640' }, async () => !(await exists(zip)));
    expect(zipped.arcroot).to.equal(`${work}/`);
    expect(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).to.deep.equal([
      'tree/a.txt',
      'tree/sub/',
      'tree/sub/b.txt',
    ]);
    expect((await stat(zip)).mode & 0o777).to.equal(0o640);
    const xz = join(work, 'packed.tar.xz');
    await host.converges('archive', { path: [tree], dest: xz, format: 'xz', exclusion_patterns: ['tree/sub/*'] }, async () => !(await exists(xz)));
    expect(execFileSync('tar', ['-tJf', xz], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).to.deep.equal(['tree/a.txt', 'tree/sub/']);
    const one = join(work, 'one.txt');
    await writeFile(one, 'single\n'.repeat(50));
    const compressed = await host.converges('archive', { path: [one] }, async () => !(await exists(`${one}.gz`)));
    expect(compressed).to.include({ dest: `${one}.gz`, dest_state: 'compress' });
    expect(execFileSync('gzip', ['-dc', `${one}.gz`], { encoding: 'utf8' })).to.equal('single\n'.repeat(50));
    const removed = await host.exec('archive', { path: [one], dest: join(work, 'one.bz2'), format: 'bz2', remove: true });
    expect(removed).to.include({ changed: true, dest_state: 'compress' });
    expect(await exists(one)).to.equal(false);
    expect(execFileSync('bzip2', ['-dc', join(work, 'one.bz2')], { encoding: 'utf8' })).to.equal('single\n'.repeat(50));
    expect(await host.exec('archive', { path: [join(work, 'nothing-*')], dest: join(work, 'n.tgz') })).to.include({
      failed: true,
      msg: 'Error, no source paths were found',
    });
    expect((await host.exec('archive', { path: [tree] })).msg).to.equal('Error, must specify "dest" when archiving multiple files or trees');
  });
});
