import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recapOf, runPlaybookCli, tempWorkdir } from './helpers.ts';

describe('run-playbook loops (every with_<lookup> and loop_control)', function () {
  this.timeout(120_000);
  let dir: string;
  let run: ReturnType<typeof runPlaybookCli>;

  before(() => {
    dir = tempWorkdir();
    run = runPlaybookCli('loops/site.yml', dir);
  });

  it('every assertion on the registered loop results holds', () => {
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(recapOf(run.stdout, 'h1')).to.include({ failed: 0, skipped: 2, ignored: 1 });
  });

  it('with_dict and with_fileglob items reach the module', () => {
    expect(readFileSync(join(dir, 'dict-k1'), 'utf8')).to.equal('v1');
    expect(readFileSync(join(dir, 'dict-k2'), 'utf8')).to.equal('v2');
    const globbed = [readFileSync(join(dir, 'glob-0'), 'utf8'), readFileSync(join(dir, 'glob-1'), 'utf8')].sort();
    expect(globbed).to.deep.equal(['one\n', 'two\n']);
  });

  it('loop_control.label replaces the item in the output', () => {
    expect(run.stdout).to.contain('(item=fruit number 1)');
  });
});

describe('run-playbook dynamic includes (include_tasks, include_role at run time)', function () {
  this.timeout(120_000);
  let dir: string;
  let run: ReturnType<typeof runPlaybookCli>;
  const read = (p: string) => readFileSync(join(dir, p), 'utf8');

  before(() => {
    dir = tempWorkdir();
    run = runPlaybookCli('includes/site.yml', dir);
  });

  it('exits 0', () => {
    expect(run.code, run.stdout + run.stderr).to.equal(0);
  });

  it('a looped include runs its file once per item, per host, in item order; `when` is judged per host', () => {
    expect(read('record.log').trim().split('\n')).to.deep.equal(['h1 a', 'h2 a', 'h1 b', 'h2 b']);
  });

  it('the include path is rendered per host, and the include vars reach the included tasks', () => {
    expect(read('h1-part')).to.equal('web hello\n');
    expect(read('h2-part')).to.equal('web hello\n');
    expect(read('h3-part')).to.equal('db\n');
  });

  it('action: include_tasks and apply: (when) pass down to the included tasks', () => {
    expect(read('applied.log').trim().split('\n').sort()).to.deep.equal(['h1', 'h2']);
  });

  it('include_role takes tasks_from, vars_from, defaults_from, handlers_from and public', () => {
    expect(read('h1-svc-alt')).to.equal('8080 alt\n');
    expect(read('h1-public')).to.equal('alt\n');
    expect(read('h3-svc-main')).to.equal('80 main\n');
    expect(read('handler.log').trim().split('\n').sort()).to.deep.equal(['h1 alt', 'h3 main']);
  });

  it('each include counts once as ok, a skipped one as skipped (as in the Ansible recap)', () => {
    // h3 ok: set_fact, the path include and its task, the apply include, include_role, its task, its handler;
    // skipped: a set_fact, the looped include, the action form, the applied task, the other include_role, its copy
    expect(recapOf(run.stdout, 'h3')).to.include({ ok: 7, changed: 3, skipped: 6, failed: 0 });
    expect(run.stdout).to.match(/TASK \[svc : svc alt\]/);
  });
});
