// blockinfile and find through a real sshd on loopback: files asserted on the host, check mode
// changes nothing, a second run changes nothing.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';

describe('blockinfile and find over a real sshd', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  before(async () => {
    host = await startModuleHost();
  });
  after(() => host?.close());

  it('blockinfile inserts after a match, updates in place, removes; diff in check mode', async () => {
    const path = join(host.sshd.dir, 'hosts.conf');
    await writeFile(path, 'first\nanchor\nlast\n');
    const args = { path, block: 'one\ntwo', insertafter: '^anchor', mode: '0640' };
    const checked = await host.exec('blockinfile', args, { check: true, diff: true });
    expect(JSON.stringify(checked.diff)).to.include('one');
    await host.converges('blockinfile', args, async () => (await readFile(path, 'utf8')) === 'first\nanchor\nlast\n');
    expect(await readFile(path, 'utf8')).to.equal('first\nanchor\n# BEGIN ANSIBLE MANAGED BLOCK\none\ntwo\n# END ANSIBLE MANAGED BLOCK\nlast\n');
    const updated = await host.exec('blockinfile', { path, block: 'three' });
    expect(updated).to.include({ changed: true, msg: 'Block inserted' });
    expect(await readFile(path, 'utf8')).to.equal('first\nanchor\n# BEGIN ANSIBLE MANAGED BLOCK\nthree\n# END ANSIBLE MANAGED BLOCK\nlast\n');
    expect(await host.exec('blockinfile', { path, state: 'absent' })).to.include({ changed: true, msg: 'Block removed' });
    expect(await readFile(path, 'utf8')).to.equal('first\nanchor\nlast\n');
  });

  it('blockinfile creates a missing file (and its directory) only with create', async () => {
    const path = join(host.sshd.dir, 'new-dir', 'created.conf');
    expect(await host.exec('blockinfile', { path, block: 'x' })).to.include({ failed: true, msg: `Path ${path} does not exist !` });
    await host.converges('blockinfile', { path, block: 'x', create: true }, async () =>
      readFile(path).then(
        () => false,
        () => true,
      ),
    );
    expect(await readFile(path, 'utf8')).to.equal('# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n');
  });

  it('find filters by glob, regex, hidden, type, size, contains and recursion like Ansible', async () => {
    const root = join(host.sshd.dir, 'tree');
    await mkdir(join(root, 'sub', 'deep'), { recursive: true });
    await writeFile(join(root, 'a.log'), 'hello\nerror: disk\n');
    await writeFile(join(root, 'b.txt'), 'x'.repeat(2048));
    await writeFile(join(root, '.hidden.log'), 'h');
    await writeFile(join(root, 'sub', 'c.log'), 'fine\n');
    await writeFile(join(root, 'sub', 'deep', 'd.log'), 'error\n');
    const names = (r: Record<string, unknown>) => (r.files as Array<{ path: string }>).map((f) => f.path.slice(root.length + 1)).sort();
    const top = await host.exec('find', { paths: root, patterns: '*.log' });
    expect(top).to.include({ changed: false, matched: 1, msg: 'All paths examined' });
    expect(names(top)).to.deep.equal(['a.log']);
    const file = (top.files as Array<Record<string, unknown>>)[0]!;
    expect(file).to.include({ isreg: true, isdir: false, size: 18, pw_name: 'root', mode: '0644' });
    expect(names(await host.exec('find', { paths: [root], patterns: ['*.log'], recurse: true, hidden: true }))).to.deep.equal([
      '.hidden.log',
      'a.log',
      'sub/c.log',
      'sub/deep/d.log',
    ]);
    expect(names(await host.exec('find', { paths: root, patterns: '*.log', recurse: true, depth: 2 }))).to.deep.equal(['a.log', 'sub/c.log']);
    expect(names(await host.exec('find', { paths: root, recurse: true, contains: 'error:' }))).to.deep.equal(['a.log']);
    expect(names(await host.exec('find', { paths: root, recurse: true, contains: 'disk' }))).to.deep.equal([]);
    expect(names(await host.exec('find', { paths: root, recurse: true, contains: '.*error', read_whole_file: true }))).to.deep.equal([
      'a.log',
      'sub/deep/d.log',
    ]);
    expect(names(await host.exec('find', { paths: root, size: '1k' }))).to.deep.equal(['b.txt']);
    expect(names(await host.exec('find', { paths: root, patterns: '^[ab]\\.', use_regex: true, excludes: 'b.*' }))).to.deep.equal(['a.log']);
    expect(names(await host.exec('find', { paths: root, file_type: 'directory', recurse: true }))).to.deep.equal(['sub', 'sub/deep']);
    expect(names(await host.exec('find', { paths: root, age: '1d' }))).to.deep.equal([]);
    const sums = await host.exec('find', { paths: root, patterns: 'a.log', get_checksum: true });
    expect((sums.files as Array<Record<string, unknown>>)[0]!.checksum).to.equal(createHash('sha1').update('hello\nerror: disk\n').digest('hex'));
    const missing = await host.exec('find', { paths: [join(root, 'nope')] });
    expect(missing).to.include({ matched: 0, msg: 'Not all paths examined, check warnings for details' });
  });
});
