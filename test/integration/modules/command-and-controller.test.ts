import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandModule } from '../../../src/modules/commands/command.ts';
import { shellModule } from '../../../src/modules/commands/shell.ts';
import { statModule } from '../../../src/modules/files/stat.ts';
import { debugModule } from '../../../src/modules/logic/debug.ts';
import { setFactModule } from '../../../src/modules/logic/set_fact.ts';
import { assertModule } from '../../../src/modules/logic/assert.ts';
import { failModule } from '../../../src/modules/logic/fail.ts';
import type { ModuleDefinition } from '../../../src/modules/module.ts';
import { runModule, type TestContextOptions } from '../../support/module-context.ts';
import { hashTree } from '../../support/tree-hash.ts';

describe('command, shell, stat and controller modules', () => {
  let dir: string;
  const vars = { result: { rc: 0, stdout: 'rabbit@node1 running' }, nodes: ['a', 'b', 'c'], ansible_verbosity: 1 };
  const run = (def: ModuleDefinition, args: unknown, opts: TestContextOptions = {}) => runModule(def, args, { vars, ...opts });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'warren-cmd-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('command runs argv words without shell interpretation', async () => {
    const r = await run(commandModule, { cmd: `printf '%s|' 'a b' $HOME ';' "c"` });
    expect(r).to.include({ changed: true, rc: 0, stdout: 'a b|$HOME|;|c|', stderr: '' });
    expect(r.cmd).to.deep.equal(['printf', '%s|', 'a b', '$HOME', ';', 'c']);
    expect(r.delta).to.match(/^0:00:0\d\.\d{6}$/);
    expect(r.start).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('command fails on a non-zero rc and keeps the result fields', async () => {
    const r = await run(commandModule, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 4'] });
    expect(r).to.include({ failed: true, rc: 4, stdout: 'out', stderr: 'err', msg: 'non-zero return code' });
    expect(r.stderr_lines).to.deep.equal(['err']);
  });

  it('command answers as Ansible: argv with cmd, no command, ignored executable, a chdir that fails, check mode with guards', async () => {
    expect(await run(commandModule, { cmd: 'true', argv: ['true'] })).to.include({ failed: true, rc: 256, msg: 'only command or argv can be given, not both' });
    expect(await run(commandModule, { chdir: dir })).to.include({ failed: true, rc: 256, msg: 'no command given' });
    const exe = await run(commandModule, { cmd: 'echo hi', executable: '/bogus' });
    expect(exe).to.include({ rc: 0, stdout: 'hi' });
    expect((exe.warnings as string[])[0]).to.contain('no longer supported');
    const missing = join(dir, 'nope');
    const cd = await run(commandModule, { cmd: 'echo', chdir: missing });
    expect(cd).to.include({ failed: true, msg: `Unable to change directory before execution: [Errno 2] No such file or directory: b'${missing}'` });
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const physical = await run(shellModule, { cmd: 'echo "$PWD"', chdir: join(dir, 'link') });
    expect(physical.stdout).to.equal(join(dir, 'real'));
    const would = await run(commandModule, { cmd: 'touch made', chdir: dir, creates: 'made' }, { check: true });
    expect(would).to.include({ changed: true, msg: 'Command would have run if not in check mode' });
    expect(would).to.not.have.property('skipped');
    const plain = await run(commandModule, { cmd: 'touch made', chdir: dir }, { check: true });
    expect(plain).to.include({ changed: false, skipped: true, msg: 'Command would have run if not in check mode' });
  });

  it('shell runs pipes in chdir with stdin and the task environment', async () => {
    const r = await run(shellModule, { cmd: 'cat | tr a-z A-Z; pwd; echo "$WHO"', chdir: dir, stdin: 'hello' }, { environment: { WHO: 'me' } });
    expect(r.stdout_lines).to.deep.equal(['HELLO', dir, 'me']);
    const bash = await run(shellModule, { cmd: 'echo ${BASH_VERSION:+bash}', executable: '/bin/bash' });
    expect(bash.stdout).to.equal('bash');
  });

  it('creates/removes decide the outcome, including in check mode', async () => {
    writeFileSync(join(dir, 'done.db'), '');
    const skipped = await run(shellModule, { cmd: 'touch should-not-exist', chdir: dir, creates: '*.db' });
    expect(skipped).to.include({ changed: false, msg: "Did not run command since '*.db' exists", stdout: 'skipped, since *.db exists', rc: 0 });
    const removes = await run(commandModule, { cmd: 'rm gone', chdir: dir, removes: 'gone' }, { check: true });
    expect(removes).to.include({ changed: false, msg: "Would not run command since 'gone' does not exist" });
    const before = hashTree(dir);
    const checked = await run(shellModule, { cmd: 'touch made', chdir: dir }, { check: true });
    expect(checked).to.include({ skipped: true, changed: false });
    expect(hashTree(dir)).to.equal(before);
    expect((await run(shellModule, { cmd: 'touch made', chdir: dir, creates: 'made' })).changed).to.equal(true);
    expect((await run(shellModule, { cmd: 'touch made', chdir: dir, creates: 'made' })).changed).to.equal(false);
  });

  it('stat reports a file, a link and a missing path', async () => {
    const path = join(dir, 'f');
    writeFileSync(path, 'abc', { mode: 0o640 });
    const r = await run(statModule, { path });
    expect(r.changed).to.equal(false);
    expect(r.stat).to.include({
      exists: true,
      isreg: true,
      mode: '0640',
      size: 3,
      owner: 'root',
      checksum: 'a9993e364706816aba3e25717850c26c9cd0d89d', // sha1, Ansible's default
      rusr: true,
      wgrp: false,
      rgrp: true,
      isuid: false,
      readable: true,
      mimetype: 'text/plain',
      charset: 'us-ascii',
    });
    const st = r.stat as Record<string, number>;
    expect(st.atime).to.be.a('number').and.be.above(0);
    expect(st.ctime).to.be.a('number').and.be.above(0);
    expect(st.inode).to.be.a('number');
    const sha256 = await run(statModule, { path, checksum_algorithm: 'sha256', get_mime: false });
    expect(sha256.stat).to.include({ checksum: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    expect(sha256.stat).to.not.have.property('mimetype');
    expect((await run(statModule, { path, get_checksum: false })).stat).to.not.have.property('checksum');
    await run(shellModule, { cmd: `ln -s f ${join(dir, 'l')}` });
    expect((await run(statModule, { path: join(dir, 'l') })).stat).to.include({ islnk: true, lnk_target: 'f', lnk_source: path });
    expect((await run(statModule, { path: join(dir, 'l'), follow: true })).stat).to.include({ isreg: true });
    expect((await run(statModule, { path: join(dir, 'none') })).stat).to.deep.equal({ exists: false, path: join(dir, 'none') });
  });

  it('debug shows msg, a variable, undefined variables, and honours verbosity', async () => {
    const shown = { _ansible_verbose_always: true, changed: false };
    expect(await run(debugModule, { msg: 'hello' })).to.deep.equal({ msg: 'hello', ...shown });
    expect(await run(debugModule, { var: 'result.stdout' })).to.deep.equal({ 'result.stdout': 'rabbit@node1 running', ...shown });
    expect(await run(debugModule, { var: 'missing' })).to.deep.equal({ missing: 'VARIABLE IS NOT DEFINED!', ...shown });
    expect(await run(debugModule, { msg: 'loud', verbosity: 2 })).to.include({ skipped: true });
  });

  it('set_fact returns ansible_facts', async () => {
    expect(await run(setFactModule, { cluster_name: 'rabbit', cacheable: true })).to.deep.equal({ ansible_facts: { cluster_name: 'rabbit' }, changed: false });
  });

  it('assert evaluates conditions with the shared expression language', async () => {
    const ok = await run(assertModule, { that: ["'running' in result.stdout", 'nodes | length == 3', 'result.rc == 0'], success_msg: 'cluster fine' });
    expect(ok).to.deep.equal({ msg: 'cluster fine', changed: false });
    const bad = await run(assertModule, { that: ['result.rc == 0', 'nodes | length > 5'], fail_msg: 'too few nodes' });
    expect(bad).to.include({ failed: true, msg: 'too few nodes', assertion: 'nodes | length > 5', evaluated_to: false });
  });

  it('fail fails with its message', async () => {
    expect(await run(failModule, { msg: 'stop here' })).to.include({ failed: true, msg: 'stop here' });
  });
});
