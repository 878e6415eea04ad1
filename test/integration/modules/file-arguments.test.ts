// Ansible's arguments of copy, template and file that Ansible's own integration targets use:
// follow, remote_src, mode: preserve, checksum, newline_sequence, output_encoding, access and
// modification times, _diff_peek. Real local connection, observable files.
import { expect } from 'chai';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyModule } from '../../../src/modules/files/copy.ts';
import { fileModule } from '../../../src/modules/files/file.ts';
import { templateModule } from '../../../src/modules/files/template.ts';
import type { ModuleDefinition } from '../../../src/modules/module.ts';
import { runModule, type TestContextOptions } from '../../support/module-context.ts';
import { hashTree } from '../../support/tree-hash.ts';

describe("copy, template and file take Ansible's arguments", () => {
  let root: string;
  let dir: string;
  let filesDir: string;
  let templatesDir: string;
  const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');
  const run = (def: ModuleDefinition, args: unknown, opts: TestContextOptions = {}) =>
    runModule(def, args, { filesDir, templatesDir, vars: { port: 5672 }, ...opts });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warren-file-args-'));
    dir = join(root, 'target');
    filesDir = join(root, 'files');
    templatesDir = join(root, 'templates');
    for (const d of [dir, filesDir, templatesDir]) mkdirSync(d);
    writeFileSync(join(filesDir, 'motd'), 'welcome\n', { mode: 0o640 });
    writeFileSync(join(templatesDir, 'app.j2'), 'caf\u00e9 {{ port }}\nend\n', { mode: 0o604 });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copy follow: writes through a link at dest; without it the link is replaced', async () => {
    writeFileSync(join(dir, 'real'), 'old\n');
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect((await run(copyModule, { content: 'new\n', dest: join(dir, 'link'), follow: true })).changed).to.equal(true);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).to.equal(true);
    expect(readFileSync(join(dir, 'real'), 'utf8')).to.equal('new\n');
    expect((await run(copyModule, { content: 'new\n', dest: join(dir, 'link'), follow: true })).changed).to.equal(false);
    await run(copyModule, { content: 'other\n', dest: join(dir, 'link') });
    expect(lstatSync(join(dir, 'link')).isFile()).to.equal(true);
    expect(readFileSync(join(dir, 'real'), 'utf8')).to.equal('new\n');
  });

  it('copy remote_src: copies a file of the host, refuses a non-file, checks checksum and keeps the mode with preserve', async () => {
    writeFileSync(join(dir, 'source'), 'on the host\n', { mode: 0o751 });
    const dest = join(dir, 'copied');
    const r = await run(copyModule, { src: join(dir, 'source'), dest, remote_src: true, mode: 'preserve' });
    expect(r).to.include({ changed: true, src: join(dir, 'source') });
    expect(readFileSync(dest, 'utf8')).to.equal('on the host\n');
    expect(mode(dest)).to.equal('0751');
    expect((await run(copyModule, { src: join(dir, 'source'), dest, remote_src: true, mode: 'preserve' })).changed).to.equal(false);
    const notFile = await run(copyModule, { src: '/dev/null', dest: join(dir, 'x'), remote_src: true });
    expect(notFile.failed).to.equal(true);
    expect(notFile.msg).to.contain('not a file');
    const wrongSum = await run(copyModule, { src: join(dir, 'source'), dest: join(dir, 'y'), remote_src: true, checksum: '0'.repeat(40) });
    expect(wrongSum.msg).to.equal('Copied file does not match the expected checksum');
  });

  it('template: newline_sequence (escaped or not), output_encoding, mode preserve, follow', async () => {
    const dos = join(dir, 'dos');
    expect((await run(templateModule, { src: 'app.j2', dest: dos, newline_sequence: '\\r\\n' })).changed).to.equal(true);
    expect(readFileSync(dos, 'utf8')).to.equal('caf\u00e9 5672\r\nend\r\n');
    expect((await run(templateModule, { src: 'app.j2', dest: dos, newline_sequence: '\r\n' })).changed).to.equal(false);
    const latin = join(dir, 'latin');
    await run(templateModule, { src: 'app.j2', dest: latin, output_encoding: 'windows-1252', mode: 'preserve' });
    expect(readFileSync(latin)).to.deep.equal(Buffer.from('caf\xe9 5672\nend\n', 'latin1'));
    expect(mode(latin)).to.equal('0604');
    const bad = await run(templateModule, { src: 'app.j2', dest: join(dir, 'z'), output_encoding: 'no-such-codec' });
    expect(bad.msg).to.contain('cannot encode the template as no-such-codec');
    symlinkSync(latin, join(dir, 'to-latin'));
    await run(templateModule, { src: 'app.j2', dest: join(dir, 'to-latin'), follow: true });
    expect(readlinkSync(join(dir, 'to-latin'))).to.equal(latin);
    expect(readFileSync(latin, 'utf8')).to.equal('caf\u00e9 5672\nend\n');
  });

  it('file follow: false acts on a link itself; recurse follows links in the tree by default', async () => {
    writeFileSync(join(dir, 'target-file'), 'x', { mode: 0o700 });
    mkdirSync(join(dir, 'tree'));
    symlinkSync('../target-file', join(dir, 'tree', 'link'));
    await run(fileModule, { path: join(dir, 'tree'), mode: 'a-x', recurse: true, follow: false });
    expect(mode(join(dir, 'target-file'))).to.equal('0700');
    await run(fileModule, { path: join(dir, 'tree'), mode: 'a-x', recurse: true, follow: true });
    expect(mode(join(dir, 'target-file'))).to.equal('0600');
    const onLink = await run(fileModule, { path: join(dir, 'tree', 'link'), state: 'file', follow: false });
    expect(onLink.failed).to.equal(true);
    expect(onLink.msg).to.contain('is link, cannot continue');
    expect((await run(fileModule, { path: join(dir, 'tree', 'link'), state: 'file' })).failed).to.not.equal(true);
  });

  it('file access_time and modification_time: now, preserve, and a timestamp in its format', async () => {
    const path = join(dir, 'timed');
    writeFileSync(path, 'x');
    utimesSync(path, 1_000_000, 1_000_000);
    const preserved = await run(fileModule, { path, state: 'touch', access_time: 'preserve', modification_time: 'preserve' });
    expect(preserved.changed).to.equal(false);
    expect(statSync(path).mtimeMs).to.equal(1_000_000_000);
    const stamped = { path, modification_time: '202001021530.45', access_time: '02/01/2020 15:30', access_time_format: '%d/%m/%Y %H:%M' };
    expect((await run(fileModule, stamped)).changed).to.equal(true);
    const local = new Date(2020, 0, 2, 15, 30, 45).getTime();
    expect(statSync(path).mtimeMs).to.equal(local);
    expect(statSync(path).atimeMs).to.equal(local - 45_000);
    expect((await run(fileModule, stamped)).changed).to.equal(false);
    expect((await run(fileModule, { path, access_time: 'now' })).changed).to.equal(true);
    expect(statSync(path).atimeMs).to.be.greaterThan(local);
    const bad = await run(fileModule, { path, modification_time: 'yesterday' });
    expect(bad.msg).to.contain('Error while obtaining timestamp for time yesterday');
  });

  it('file _diff_peek says whether a file looks binary and changes nothing', async () => {
    writeFileSync(join(dir, 'bin'), Buffer.from([1, 0, 2]));
    writeFileSync(join(dir, 'text'), 'plain');
    expect(await run(fileModule, { path: join(dir, 'bin'), _diff_peek: true })).to.include({ changed: false, appears_binary: true });
    expect(await run(fileModule, { path: join(dir, 'text'), _diff_peek: true })).to.include({ changed: false, appears_binary: false });
  });

  it('changes nothing in check mode', async () => {
    writeFileSync(join(dir, 'source'), 'host\n');
    writeFileSync(join(dir, 'real'), 'old\n');
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const before = hashTree(root);
    const tasks: Array<[ModuleDefinition, Record<string, unknown>]> = [
      [copyModule, { src: join(dir, 'source'), dest: join(dir, 'new'), remote_src: true }],
      [copyModule, { content: 'x', dest: join(dir, 'link'), follow: true }],
      [templateModule, { src: 'app.j2', dest: join(dir, 'link'), follow: true, newline_sequence: '\\r\\n' }],
      [fileModule, { path: join(dir, 'real'), modification_time: '202001021530.45' }],
    ];
    for (const [def, args] of tasks) expect((await run(def, args, { check: true, diff: true })).changed, JSON.stringify(args)).to.equal(true);
    expect(hashTree(root)).to.equal(before);
  });
});
