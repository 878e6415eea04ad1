import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encryptAnsibleText } from '../../../src/vault/index.ts';
import { recapOf, runPlaybookCli, snapshot, tempWorkdir } from './helpers.ts';

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('run-playbook on local hosts (basic fixture)', function () {
  this.timeout(120_000);
  let dir: string;
  let first: ReturnType<typeof runPlaybookCli>;

  before(() => {
    dir = tempWorkdir();
    first = runPlaybookCli('basic/site.yml', dir);
  });

  it('converges every host and exits 0', () => {
    expect(first.code, first.stderr + first.stdout).to.equal(0);
    for (const h of ['h1', 'h2', 'h3']) {
      expect(read(dir, `${h}/app.conf`)).to.equal(`# managed by warren\nhost = ${h}\ngreeting = hello\n`);
      expect(read(dir, `${h}/one.txt`)).to.equal('one\n');
      expect(read(dir, `${h}/two.txt`)).to.equal('two\n');
      expect(read(dir, `${h}/marker`)).to.equal('exists\n');
      expect(read(dir, `${h}/always`)).to.equal('always\n');
    }
  });

  it('prints Ansible-like lines and loop items', () => {
    expect(first.stdout).to.match(/PLAY \[Basic converge\] \*+/);
    expect(first.stdout).to.match(/TASK \[Write config\] \*+/);
    expect(first.stdout).to.contain('changed: [h1] => (item=one)');
    expect(first.stdout).to.contain('fatal: [h2]: FAILED! => {"changed": false, "msg": "h2 breaks"}');
    expect(first.stdout).to.match(/RUNNING HANDLER \[restart a\]/);
  });

  it('block/rescue/always: the failing host is rescued and goes on', () => {
    expect(existsSync(join(dir, 'h2/rescued'))).to.equal(true);
    expect(existsSync(join(dir, 'h2/block'))).to.equal(false);
    expect(existsSync(join(dir, 'h1/rescued'))).to.equal(false);
    expect(read(dir, 'h2/web-tag')).to.equal('web\n');
    expect(recapOf(first.stdout, 'h2')).to.include({ failed: 0, rescued: 1, ok: 10, changed: 9 });
    expect(recapOf(first.stdout, 'h1')).to.deep.equal({ ok: 10, changed: 9, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 });
  });

  it('handlers run once per host in definition order, not notification order', () => {
    for (const h of ['h1', 'h2', 'h3']) expect(read(dir, `${h}/handlers.log`)).to.equal('a\nb\n');
  });

  it('a second run changes nothing and runs no handler', () => {
    const second = runPlaybookCli('basic/site.yml', dir);
    expect(second.code).to.equal(0);
    for (const h of ['h1', 'h2', 'h3']) expect(recapOf(second.stdout, h).changed).to.equal(0);
    expect(second.stdout).not.to.contain('RUNNING HANDLER');
    expect(read(dir, 'h1/handlers.log')).to.equal('a\nb\n');
  });

  it('--check --diff leaves every file byte-identical and prints unified diffs with headers', () => {
    writeFileSync(join(dir, 'h1/app.conf'), 'drifted\n');
    const before = snapshot(dir);
    const run = runPlaybookCli('basic/site.yml', dir, ['--check', '--diff']);
    expect(run.code, run.stderr).to.equal(0);
    expect(snapshot(dir)).to.deep.equal(before);
    expect(run.stdout).to.contain(`--- before: ${join(dir, 'h1/app.conf')}`);
    expect(run.stdout).to.contain(`+++ after: ${join(dir, 'h1/app.conf')}`);
    expect(run.stdout).to.contain('-drifted');
    expect(run.stdout).to.contain('+host = h1');
    expect(recapOf(run.stdout, 'h1').changed).to.be.greaterThan(0);
  });
});

describe('run-playbook selection flags', function () {
  this.timeout(120_000);

  it('--tags runs tagged tasks plus always-tagged ones', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('basic/site.yml', dir, ['--tags', 'items']);
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    expect(read(dir, 'h1/one.txt')).to.equal('one\n');
    expect(existsSync(join(dir, 'h1/app.conf'))).to.equal(false);
    expect(existsSync(join(dir, 'h1/always'))).to.equal(false);
  });

  it('--skip-tags leaves the tagged task out', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('basic/site.yml', dir, ['--skip-tags', 'webtag']);
    expect(run.code).to.equal(0);
    expect(existsSync(join(dir, 'h1/app.conf'))).to.equal(true);
    expect(existsSync(join(dir, 'h1/web-tag'))).to.equal(false);
  });

  it('--limit touches only the selected hosts; a limit matching no host warns and exits 1 (as Ansible)', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('basic/site.yml', dir, ['--limit', 'h1']);
    expect(run.code).to.equal(0);
    expect(readdirSync(dir)).to.deep.equal(['h1']);
    const none = runPlaybookCli('basic/site.yml', dir, ['--limit', 'nosuchhost']);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.contain('Could not match supplied host pattern, ignoring: nosuchhost');
    expect(none.stderr).to.contain('ERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
    expect(readdirSync(dir)).to.deep.equal(['h1']);
  });

  it('--list-tasks and --syntax-check touch nothing and exit 0', () => {
    const dir = tempWorkdir();
    const list = runPlaybookCli('basic/site.yml', dir, ['--list-tasks']);
    expect(list.code).to.equal(0);
    expect(list.stdout).to.contain('play #1 (all): Basic converge');
    expect(list.stdout).to.match(/Write items\tTAGS: \[items\]/);
    const syntax = runPlaybookCli('basic/site.yml', dir, ['--syntax-check']);
    expect(syntax.code).to.equal(0);
    expect(syntax.stdout).to.contain('playbook:');
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('--syntax-check reads no inventory variable: a vaulted group_vars file needs no vault password (as ansible-playbook)', () => {
    const dir = tempWorkdir();
    mkdirSync(join(dir, 'inv', 'group_vars', 'all'), { recursive: true });
    writeFileSync(join(dir, 'inv', 'hosts.yml'), 'all:\n  hosts:\n    h1:\n');
    writeFileSync(join(dir, 'inv', 'group_vars', 'all', 'vault.yml'), encryptAnsibleText('secret: hello\n', 'the password'));
    writeFileSync(join(dir, 'wrong'), 'not the password\n');
    for (const extra of [[], ['--vault-password-file', join(dir, 'wrong')]]) {
      const syntax = runPlaybookCli('basic/site.yml', dir, ['-i', join(dir, 'inv', 'hosts.yml'), '--syntax-check', ...extra]);
      expect(syntax.code, syntax.stderr).to.equal(0);
      expect(syntax.stdout).to.contain('playbook:');
    }
    const run = runPlaybookCli('basic/site.yml', dir, ['-i', join(dir, 'inv', 'hosts.yml'), '--check']);
    expect(run.stderr).to.contain('no vault password given');
  });

  it('--json prints exactly one JSON document', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('basic/site.yml', dir, ['--json', '--limit', 'h1,h2']);
    expect(run.code).to.equal(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.plays).to.have.length(1);
    const write = doc.plays[0].tasks.find((t: { name: string }) => t.name === 'Write config');
    expect(write.hosts.h1).to.include({ status: 'changed', changed: true });
    expect(write.hosts.h1.duration_ms).to.be.a('number');
    const items = doc.plays[0].tasks.find((t: { name: string }) => t.name === 'Write items');
    expect(items.hosts.h2.items.map((i: { item: string }) => i.item)).to.deep.equal(['one', 'two']);
    expect(doc.stats.h2.rescued).to.equal(1);
    expect(doc.stats.h1.changed).to.equal(9);
  });

  it('bad options exit 5', () => {
    const run = runPlaybookCli('basic/site.yml', tempWorkdir(), ['--forks', 'many']);
    expect(run.code).to.equal(5);
    expect(run.stderr).to.contain('--forks');
    const unknown = runPlaybookCli('basic/site.yml', tempWorkdir(), ['--no-such-flag']);
    expect(unknown.code).to.equal(5);
  });
});

describe('run-playbook refuses bad input before touching any host', function () {
  this.timeout(120_000);
  const cases: Array<[string, RegExp]> = [
    ['bad/malformed.yml', /malformed\.yml:7:\d+: .*YAML/],
    ['bad/unknown-module.yml', /unknown-module\.yml:10:7: .*cpoy/],
    ['bad/unknown-key.yml', /unknown-key\.yml:\d+:\d+: .*destination/],
    ['bad/missing-vars-file.yml', /missing-vars-file\.yml:\d+:\d+: .*does-not-exist\.yml/],
    ['bad/missing-handler.yml', /missing-handler\.yml:5:7: .*'restart nothing' was not found/],
    ['bad/undefined-var.yml', /undefined-var\.yml:\d+:\d+: .*no_such_var/],
  ];
  for (const [playbook, message] of cases) {
    it(`${playbook} exits 4 naming file:line:col`, () => {
      const dir = tempWorkdir();
      const run = runPlaybookCli(playbook, dir);
      expect(run.code, run.stderr + run.stdout).to.equal(4);
      expect(run.stderr).to.match(message);
      expect(readdirSync(dir)).to.deep.equal([]);
    });
  }
});
