import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { planContentFile } from '../../../src/modules/lib/content-file.ts';
import { planCommand } from '../../../src/modules/commands/command-run.ts';
import { parseProbeOutput } from '../../../src/modules/lib/probe.ts';
import { splitShellWords } from '../../../src/modules/commands/shell-words.ts';
import { planFile } from '../../../src/modules/files/file-plan.ts';
import { statModule } from '../../../src/modules/files/stat.ts';
import { debugModule } from '../../../src/modules/logic/debug.ts';
import { setFactModule } from '../../../src/modules/logic/set_fact.ts';
import { failModule } from '../../../src/modules/logic/fail.ts';
import { assertModule } from '../../../src/modules/logic/assert.ts';
import { commandArgv } from '../../../src/modules/commands/command.ts';
import { ModuleFailure } from '../../../src/modules/module.ts';
import type { FileState } from '../../../src/modules/lib/probe.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const regular = (path: string, text: string, extra: Partial<FileState> = {}): FileState => ({
  path,
  exists: true,
  type: 'file',
  mode: '0644',
  owner: 'root',
  group: 'root',
  uid: 0,
  gid: 0,
  size: text.length,
  sha256: sha(text),
  content: Buffer.from(text),
  links: 1,
  ...extra,
});
const absent = (path: string): FileState => ({ path, exists: false });

describe('content file plan (copy, template)', () => {
  it('uploads a missing file and shows the whole new text', () => {
    const plan = planContentFile({ dest: '/etc/x', file: absent('/etc/x'), content: Buffer.from('hi\n') }, { dest: '/etc/x' });
    expect(plan.changed).to.equal(true);
    expect(plan.diff?.[0]).to.include({ before: '', after: 'hi\n', after_header: '/etc/x' });
  });

  it('is unchanged when checksum and attributes match', () => {
    const plan = planContentFile({ dest: '/x', file: regular('/x', 'a'), content: Buffer.from('a') }, { dest: '/x', mode: '0644', owner: 'root' });
    expect(plan.changed).to.equal(false);
  });

  it('changes only the mode when content is equal', () => {
    const plan = planContentFile({ dest: '/x', file: regular('/x', 'a'), content: Buffer.from('a') }, { dest: '/x', mode: '0600' });
    expect(plan.changed).to.equal(true);
    expect(plan.diff).to.deep.equal([{ before: 'path: /x\nmode: 0644\n', after: 'path: /x\nmode: 0600\n', before_header: '/x', after_header: '/x' }]);
  });

  it('leaves an existing file alone with force: false', () => {
    expect(planContentFile({ dest: '/x', file: regular('/x', 'a'), content: Buffer.from('b') }, { dest: '/x', force: false }).changed).to.equal(false);
  });

  it('summarises binary content instead of diffing it', () => {
    const plan = planContentFile({ dest: '/b', file: regular('/b', 'old'), content: Buffer.from([0, 1, 2]) }, { dest: '/b' });
    expect(plan.diff?.[0].after).to.match(/^\(binary content, diff not shown; sha256 [0-9a-f]{64}\)/);
  });

  it('fails when dest is a directory', () => {
    const dir: FileState = { path: '/d', exists: true, type: 'directory', mode: '0755' };
    expect(() => planContentFile({ dest: '/d', file: dir, content: Buffer.from('') }, { dest: '/d' })).to.throw(ModuleFailure, /is a directory/);
  });
});

describe('file plan', () => {
  const dir: FileState = { path: '/d', exists: true, type: 'directory', mode: '0755', owner: 'root', group: 'root', uid: 0, gid: 0 };

  it('creates a missing directory with parents and its mode', () => {
    const plan = planFile({ target: absent('/a/b') }, { path: '/a/b', state: 'directory', mode: '0750' });
    expect(plan.changed).to.equal(true);
    expect(plan.data).to.deep.equal(['mkdir -p -- /a/b', 'chmod 0750 -- /a/b']);
  });

  it('is unchanged for a converged directory', () => {
    expect(planFile({ target: dir }, { path: '/d', state: 'directory', mode: '755', owner: 'root' }).changed).to.equal(false);
  });

  it('removes an existing path with state absent and shows the state change', () => {
    const walk = { directories: ['/d/sub'], files: ['/d/sub/f'] };
    const plan = planFile({ target: dir, walk }, { path: '/d', state: 'absent' });
    // Ansible's file module returns its diff as mappings, listing what a removed directory held
    expect(plan.result?.diff).to.deep.equal({ before: { path: '/d', state: 'directory', path_content: walk }, after: { path: '/d', state: 'absent' } });
    expect(planFile({ target: absent('/d') }, { path: '/d', state: 'absent' }).changed).to.equal(false);
  });

  it("returns Ansible's mapping diff: ids for owner/group, octal mode, a link's old and new src", () => {
    const plan = planFile({ target: dir }, { path: '/d', state: 'directory', mode: '0700', owner: '1001', group: 'staff' });
    expect(plan.result?.diff).to.deep.equal({
      before: { path: '/d', mode: '0755', owner: 0, group: 0 },
      after: { path: '/d', mode: '0700', owner: 1001, group: 'staff' },
    });
    expect(plan.result).to.include({ path: '/d', uid: 0, gid: 0, owner: 'root', group: 'root', mode: '0755', state: 'directory' });
    const converged = planFile({ target: dir }, { path: '/d', state: 'directory' });
    expect(converged.result?.diff).to.deep.equal({ before: { path: '/d' }, after: { path: '/d' } });
    const link: FileState = { path: '/l', exists: true, type: 'link', linkTarget: '/t' };
    const relinked = planFile({ target: link, src: { path: '/l/u', exists: true, type: 'file' } }, { path: '/l', state: 'link', src: 'u' });
    expect(relinked.result?.diff).to.deep.equal({ before: { path: '/l', src: '/t' }, after: { path: '/l', src: 'u' } });
    expect(relinked.result).to.include({ dest: '/l', src: 'u' });
  });

  it('always changes with touch', () => {
    expect(planFile({ target: regular('/f', '') }, { path: '/f', state: 'touch' }).changed).to.equal(true);
  });

  it('fails for state=file on a missing path', () => {
    expect(() => planFile({ target: absent('/f') }, { path: '/f', state: 'file' })).to.throw(ModuleFailure, /is absent, cannot continue/);
  });

  it('keeps a correct symlink and replaces a wrong one', () => {
    const link: FileState = { path: '/l', exists: true, type: 'link', linkTarget: '/t' };
    const src = { path: '/t', exists: true, type: 'file' as const };
    expect(planFile({ target: link, src }, { path: '/l', state: 'link', src: '/t' }).changed).to.equal(false);
    expect(planFile({ target: link, src }, { path: '/l', state: 'link', src: '/u' }).changed).to.equal(true);
  });

  it('refuses to turn a file into a symlink without force', () => {
    const src = { path: '/t', exists: true, type: 'file' as const };
    expect(() => planFile({ target: regular('/l', 'x'), src }, { path: '/l', state: 'link', src: '/t' })).to.throw(ModuleFailure, /refusing to convert/);
  });

  it('recognises an existing hard link by inode', () => {
    const src = regular('/t', 'x', { inode: '1:5', links: 2 });
    expect(planFile({ target: regular('/h', 'x', { inode: '1:5', links: 2 }), src }, { path: '/h', state: 'hard', src: '/t' }).changed).to.equal(false);
  });

  it('recurses only when some entry differs', () => {
    const entry = { type: 'file' as const, mode: '0644', uid: 0, gid: 0, owner: 'root', group: 'root' };
    expect(planFile({ target: dir, tree: [entry] }, { path: '/d', state: 'directory', recurse: true, owner: 'root' }).changed).to.equal(false);
    expect(planFile({ target: dir, tree: [entry] }, { path: '/d', state: 'directory', recurse: true, owner: 'rabbitmq' }).changed).to.equal(true);
  });
});

describe('command plan', () => {
  it('is unpredictable without creates/removes', () => {
    expect(planCommand({}, {}, ['ls'])).to.include({ changed: true, unpredictable: true, msg: 'Command would have run if not in check mode' });
  });

  it('skips when creates exists or removes does not', () => {
    const created = planCommand({ createsExists: true }, { creates: '/x' }, ['ls']);
    expect(created).to.include({ changed: false, msg: "Did not run command since '/x' exists" });
    expect(created.result).to.include({ rc: 0, stdout: 'skipped, since /x exists' });
    const checked = planCommand({ removesExists: false }, { removes: '/y' }, ['ls']);
    expect(checked).to.include({
      changed: false,
      msg: "Did not run command since '/y' does not exist",
      checkMsg: "Would not run command since '/y' does not exist",
    });
    // `creates: yes` is the path 'True', as Ansible's path type makes it
    expect(planCommand({ createsExists: true }, { creates: true }, ['ls']).msg).to.equal("Did not run command since 'True' exists");
    expect(planCommand({ createsExists: false }, { creates: '/x' }, ['ls']).changed).to.equal(true);
  });

  it('splits a free-form line with shell quoting and no expansion', () => {
    expect(splitShellWords(`echo 'a b' "c \\"d\\"" e\\ f $HOME`)).to.deep.equal(['echo', 'a b', 'c "d"', 'e f', '$HOME']);
    expect(commandArgv({ argv: ['ls', '-l'] })).to.deep.equal(['ls', '-l']);
    expect(() => commandArgv({ cmd: "echo 'open" })).to.throw(ModuleFailure, /unterminated/);
  });
});

describe('probe output parsing', () => {
  it('reads stat, checksum, link target and content per path', () => {
    const out = [
      '== 0',
      'stat 81a4 640 0 999 5 1700000000 2049:12 1 root rabbitmq',
      `sha256 ${sha('hello')}`,
      `content ${Buffer.from('hello').toString('base64')}`,
      '== 1',
      'stat a1ff 777 0 0 4 1700000000 2049:13 1 root root',
      `target ${Buffer.from('/etc/x\n').toString('base64')}`,
      '== 2',
    ].join('\n');
    const [file, link, missing] = parseProbeOutput(['/f', '/l', '/m'], out);
    expect(file).to.include({ exists: true, type: 'file', mode: '0640', group: 'rabbitmq', gid: 999, size: 5, sha256: sha('hello') });
    expect(file.content?.toString()).to.equal('hello');
    expect(link).to.include({ type: 'link', linkTarget: '/etc/x' });
    expect(missing).to.deep.equal({ path: '/m', exists: false });
  });
});

describe('controller-only and stat plans', () => {
  it('stat reports fields and never changes', () => {
    const plan = statModule.plan(regular('/f', 'x'), { path: '/f' });
    expect(plan.changed).to.equal(false);
    expect(plan.result?.stat).to.include({ exists: true, isreg: true, isdir: false, mode: '0644', checksum: sha('x'), owner: 'root' });
    expect(statModule.plan(absent('/m'), { path: '/m' }).result?.stat).to.deep.equal({ exists: false, path: '/m' });
  });

  it('debug returns msg, a variable, or skips below its verbosity', () => {
    expect(debugModule.plan({ runVerbosity: 0 }, { msg: 'hi' }).result).to.deep.equal({ msg: 'hi', _ansible_verbose_always: true });
    expect(debugModule.plan({ runVerbosity: 0, value: 3 }, { var: 'n' }).result).to.deep.equal({ n: 3, _ansible_verbose_always: true });
    expect(debugModule.plan({ runVerbosity: 0 }, { msg: 'x', verbosity: 2 }).result).to.include({ skipped: true });
  });

  it('set_fact returns ansible_facts', () => {
    expect(setFactModule.plan({ a: 1 }, { a: 1 }).result).to.deep.equal({ ansible_facts: { a: 1 } });
  });

  it("set_fact turns 'yes'/'no'/'true'/'false' strings into booleans, as ansible-core 2.14 does", async () => {
    const facts = await setFactModule.probe({} as never, { a: 'yes', b: 'No', c: 'TRUE', d: 'off', e: 'x' });
    expect(facts).to.deep.equal({ a: true, b: false, c: true, d: 'off', e: 'x' });
  });

  it('fail and a false assertion fail with their messages', () => {
    expect(() => failModule.plan({}, {})).to.throw(ModuleFailure, 'Failed as requested from task');
    expect(() => assertModule.plan({ failedAssertion: 'x == 1' }, { that: 'x == 1', fail_msg: 'x is wrong' })).to.throw(ModuleFailure, 'x is wrong');
    expect(assertModule.plan({}, { that: 'x == 1' }).result).to.deep.equal({ msg: 'All assertions passed' });
  });
});
