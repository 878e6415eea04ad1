import { expect } from 'chai';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyModule } from '../../../src/modules/files/copy.ts';
import { templateModule } from '../../../src/modules/files/template.ts';
import { fileModule } from '../../../src/modules/files/file.ts';
import { statModule } from '../../../src/modules/files/stat.ts';
import { lineinfileModule } from '../../../src/modules/files/lineinfile.ts';
import type { ModuleDefinition, ReturnedDiff } from '../../../src/modules/module.ts';
import { runModule, type TestContextOptions } from '../../support/module-context.ts';
import { hashTree } from '../../support/tree-hash.ts';

describe('file modules on a real local connection', () => {
  let root: string;
  let dir: string;
  let filesDir: string;
  let templatesDir: string;
  const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');
  const run = (def: ModuleDefinition, args: unknown, opts: TestContextOptions = {}) =>
    runModule(def, args, { filesDir, templatesDir, vars: { port: 5672, nodes: ['a', 'b'] }, ...opts });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warren-files-'));
    dir = join(root, 'target');
    filesDir = join(root, 'files');
    templatesDir = join(root, 'templates');
    for (const d of [dir, filesDir, templatesDir]) mkdirSync(d);
    writeFileSync(join(filesDir, 'motd'), 'welcome\n');
    writeFileSync(join(templatesDir, 'app.conf.hbs'), 'port = {{port}}\n{{#each nodes}}node {{this}}\n{{/each}}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('copy', () => {
    it('writes content with its mode, then reports no change', async () => {
      const dest = join(dir, 'a.conf');
      const first = await run(copyModule, { content: 'x = 1\n', dest, mode: '0640' });
      expect(first).to.include({ changed: true, state: 'file' });
      expect(first.checksum).to.match(/^[0-9a-f]{40}$/); // sha1, as Ansible
      expect(readFileSync(dest, 'utf8')).to.equal('x = 1\n');
      expect(mode(dest)).to.equal('0640');
      expect((await run(copyModule, { content: 'x = 1\n', dest, mode: '0640' })).changed).to.equal(false);
      expect(readdirSync(dir)).to.deep.equal(['a.conf']); // no temp file left behind
    });

    it('copies a role file into an existing directory under its own name', async () => {
      const r = await run(copyModule, { src: 'motd', dest: dir });
      expect(r.changed).to.equal(true);
      expect(readFileSync(join(dir, 'motd'), 'utf8')).to.equal('welcome\n');
      expect((await run(copyModule, { src: 'motd', dest: `${join(dir, 'sub/deeper')}/` })).changed).to.equal(true);
      expect(readFileSync(join(dir, 'sub/deeper/motd'), 'utf8')).to.equal('welcome\n');
    });

    it('keeps a backup of the old file', async () => {
      const dest = join(dir, 'b.conf');
      writeFileSync(dest, 'old\n');
      const r = await run(copyModule, { content: 'new\n', dest, backup: true });
      expect(r.backup_file)
        .to.be.a('string')
        .and.match(/b\.conf\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
      expect(readFileSync(r.backup_file as string, 'utf8')).to.equal('old\n');
      expect(readFileSync(dest, 'utf8')).to.equal('new\n');
    });

    it('leaves the old file untouched and reports the validator when validation fails', async () => {
      const dest = join(dir, 'c.conf');
      writeFileSync(dest, 'good\n');
      const r = await run(copyModule, { content: 'bad\n', dest, validate: 'grep -q good %s || { echo "syntax error in %s" >&2; exit 1; }' });
      expect(r.failed).to.equal(true);
      expect(r.msg).to.match(/^failed to validate: syntax error in .*\.c\.conf\.warren-/);
      expect(readFileSync(dest, 'utf8')).to.equal('good\n');
      expect(readdirSync(dir)).to.deep.equal(['c.conf']);
      expect((await run(copyModule, { content: 'good too\n', dest, validate: 'grep -q good %s' })).changed).to.equal(true);
    });

    it('writes as the become user', async () => {
      await run(fileModule, { path: root, mode: '0755' }); // mkdtemp makes it 0700: nobody could not enter
      await run(fileModule, { path: dir, mode: '0777' });
      const dest = join(dir, 'owned');
      expect((await run(copyModule, { content: 'x', dest }, { become: { user: 'nobody' } })).changed).to.equal(true);
      const owner = await run(statModule, { path: dest });
      expect(owner.stat).to.include({ owner: 'nobody', mode: '0644' });
    });

    it('shows the before/after text as a diff', async () => {
      const dest = join(dir, 'd.conf');
      writeFileSync(dest, 'one\n');
      const r = await run(copyModule, { content: 'two\n', dest }, { diff: true });
      expect(r.diff).to.deep.equal([{ before: 'one\n', after: 'two\n', before_header: dest, after_header: dest }]);
    });
  });

  describe('template', () => {
    it('renders on the controller and installs the result once', async () => {
      const dest = join(dir, 'app.conf');
      expect((await run(templateModule, { src: 'app.conf.hbs', dest, mode: 'u=rw,g=r,o=' })).changed).to.equal(true);
      expect(readFileSync(dest, 'utf8')).to.equal('port = 5672\nnode a\nnode b\n');
      expect(mode(dest)).to.equal('0640');
      expect((await run(templateModule, { src: 'app.conf.hbs', dest, mode: 'u=rw,g=r,o=' })).changed).to.equal(false);
    });
  });

  describe('file', () => {
    it('creates nested directories, links and touched files, then converges', async () => {
      const tasks: Array<Record<string, unknown>> = [
        { path: join(dir, 'a/b/c'), state: 'directory', mode: '0750' },
        { path: join(dir, 'a/b/c/f'), state: 'touch', mode: '0600' },
        { path: join(dir, 'link'), state: 'link', src: join(dir, 'a/b/c/f') },
        { path: join(dir, 'hard'), state: 'hard', src: join(dir, 'a/b/c/f') },
        { path: join(dir, 'a'), state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=' },
      ];
      for (const args of tasks) expect((await run(fileModule, args)).changed, JSON.stringify(args)).to.equal(true);
      expect(mode(join(dir, 'a/b/c'))).to.equal('0750');
      expect(mode(join(dir, 'a/b/c/f'))).to.equal('0640');
      expect(readlinkSync(join(dir, 'link'))).to.equal(join(dir, 'a/b/c/f'));
      expect(statSync(join(dir, 'hard')).ino).to.equal(statSync(join(dir, 'a/b/c/f')).ino);
      for (const args of tasks.filter((t) => t.state !== 'touch')) expect((await run(fileModule, args)).changed, JSON.stringify(args)).to.equal(false);
      expect((await run(fileModule, { path: join(dir, 'a'), state: 'absent' })).changed).to.equal(true);
      expect(existsSync(join(dir, 'a'))).to.equal(false);
      expect(lstatSync(join(dir, 'link')).isSymbolicLink()).to.equal(true);
    });

    it('fails for state=file on a missing path without creating it', async () => {
      const r = await run(fileModule, { path: join(dir, 'nope'), state: 'file' });
      expect(r).to.include({ failed: true });
      expect(r.msg).to.match(/is absent, cannot continue/);
      expect(existsSync(join(dir, 'nope'))).to.equal(false);
    });
  });

  describe('lineinfile', () => {
    it('replaces, inserts and removes lines, with a content diff', async () => {
      const path = join(dir, 'sshd_config');
      writeFileSync(path, '#Port 22\nPermitRootLogin yes\n');
      const r = await run(lineinfileModule, { path, regexp: '^#?Port ', line: 'Port 2222' }, { diff: true });
      expect(r).to.include({ changed: true, msg: 'line replaced' });
      expect(r.diff).to.deep.equal([
        { before: '#Port 22\nPermitRootLogin yes\n', after: 'Port 2222\nPermitRootLogin yes\n', before_header: path, after_header: path },
      ]);
      await run(lineinfileModule, { dest: path, line: 'UseDNS no', insertbefore: '^PermitRootLogin' });
      await run(lineinfileModule, { path, regexp: '^PermitRootLogin', state: 'absent' });
      expect(readFileSync(path, 'utf8')).to.equal('Port 2222\nUseDNS no\n');
      expect((await run(lineinfileModule, { path, regexp: '^#?Port ', line: 'Port 2222' })).changed).to.equal(false);
    });

    it('fails on a missing file unless create is set', async () => {
      const path = join(dir, 'new.conf');
      expect((await run(lineinfileModule, { path, line: 'a' })).msg).to.equal(`Destination ${path} does not exist !`);
      expect((await run(lineinfileModule, { path, line: 'a', create: true, mode: '0600' })).changed).to.equal(true);
      expect(readFileSync(path, 'utf8')).to.equal('a\n');
      expect(mode(path)).to.equal('0600');
      const nested = join(dir, 'x', 'y', 'z.conf');
      expect((await run(lineinfileModule, { path: nested, line: 'b', create: true })).changed).to.equal(true);
      expect(readFileSync(nested, 'utf8')).to.equal('b\n');
    });

    it("names its backup `backup` and warns about an empty regexp, as Ansible's", async () => {
      const path = join(dir, 'l.conf');
      writeFileSync(path, 'one\ntwo\n');
      const r = await run(lineinfileModule, { path, line: 'zero', insertbefore: 'BOF', backup: true });
      expect(r.backup)
        .to.be.a('string')
        .and.match(/l\.conf\./);
      expect(existsSync(r.backup as string)).to.equal(true);
      expect((await run(lineinfileModule, { path, line: 'zero', insertbefore: 'BOF' })).backup).to.equal('');
      const empty = await run(lineinfileModule, { path, regexp: '', line: 'last' });
      expect((empty.warnings as string[])[0]).to.match(/^The regular expression is an empty string/);
      expect(readFileSync(path, 'utf8')).to.equal('zero\none\nlast\n');
    });
  });

  it('changes nothing in check mode, for every module', async () => {
    writeFileSync(join(dir, 'existing'), 'keep\n');
    mkdirSync(join(dir, 'tree'));
    const before = hashTree(root);
    const tasks: Array<[ModuleDefinition, Record<string, unknown>]> = [
      [copyModule, { content: 'x', dest: join(dir, 'existing'), backup: true, mode: '0600' }],
      [copyModule, { src: 'motd', dest: join(dir, 'motd') }],
      [templateModule, { src: 'app.conf.hbs', dest: join(dir, 'app.conf') }],
      [fileModule, { path: join(dir, 'new/dir'), state: 'directory' }],
      [fileModule, { path: join(dir, 'existing'), state: 'touch' }],
      [fileModule, { path: join(dir, 'tree'), state: 'absent' }],
      [fileModule, { path: join(dir, 'l'), state: 'link', src: join(dir, 'existing') }],
      [lineinfileModule, { path: join(dir, 'existing'), line: 'more' }],
      [lineinfileModule, { path: join(dir, 'created'), line: 'x', create: true }],
    ];
    for (const [def, args] of tasks) {
      const r = await run(def, args, { check: true, diff: true });
      expect(r.changed, `${def.name} ${JSON.stringify(args)}`).to.equal(true);
      // file returns Ansible's mapping diff (in every mode); the others warren's rendered diffs
      if (def === fileModule) expect((r.diff as ReturnedDiff).after, def.name).to.not.deep.equal((r.diff as ReturnedDiff).before);
      else expect(r.diff, def.name).to.be.an('array').that.is.not.empty;
    }
    expect(hashTree(root)).to.equal(before);
  });
});
