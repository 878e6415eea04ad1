// Engine features real Ansible content relies on (issue 15): handler includes, templated
// strategy and action names, k=v set_fact with templates, and the like. Through the CLI, local hosts.
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlaybookCli, tempWorkdir, type CliRun } from './helpers.ts';

const out = (run: CliRun) => `${run.stdout}\n${run.stderr}`;

describe('run-playbook: handlers written as include_tasks', function () {
  this.timeout(120_000);

  it("runs the notified include on the notified hosts, with the role's defaults and tasks dir, and by listen topic", () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('engine/handler-includes.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'cleaned.log'), 'utf8')).to.equal('h1 cleaned\n');
    expect(existsSync(join(dir, 'h1.marker'))).to.equal(false);
    expect(readFileSync(join(dir, 'listened.log'), 'utf8').split('\n').sort().join(' ')).to.equal(' h1 h2');
    expect(run.stdout).to.match(/RUNNING HANDLER \[cleaner : clean up\][\s\S]*TASK \[cleaner : remove marker\]/);
  });
});

describe('run-playbook: python facts', function () {
  this.timeout(120_000);

  it('ansible_python names ansible_python_interpreter and the version it reports (micro included)', () => {
    const run = runPlaybookCli('engine/python-facts.yml', tempWorkdir());
    expect(run.code, out(run)).to.equal(0);
  });
});

describe('run-playbook: names given as templates', function () {
  this.timeout(120_000);

  for (const strategy of ['linear', 'free']) {
    it(`strategy "${strategy}" from a template; action module, set_fact key and import_role name from vars`, () => {
      const dir = tempWorkdir();
      const run = runPlaybookCli('engine/templated-names.yml', dir, ['-e', `chosen_strategy=${strategy}`]);
      expect(run.code, out(run)).to.equal(0);
      expect(readFileSync(join(dir, 'action.log'), 'utf8').split('\n').sort().join(' ')).to.equal(' h1 h2');
      expect(readFileSync(join(dir, 'h2.copied'), 'utf8')).to.equal('from h2\n');
      expect(readFileSync(join(dir, 'named.log'), 'utf8')).to.equal('h1 named\n');
    });
  }

  it('an unknown strategy, even from a template, fails before any host is touched', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('engine/templated-names.yml', dir, ['-e', 'chosen_strategy=fastest']);
    expect(run.code).to.not.equal(0);
    expect(run.stderr).to.match(/templated-names\.yml:5:\d+: 'strategy' must be one of linear, free, host_pinned, debug \(got 'fastest'\)/);
    expect(existsSync(join(dir, 'action.log'))).to.equal(false);
  });
});

describe('run-playbook: role handlers inherit the import keywords', function () {
  this.timeout(120_000);

  it('a handler of a role imported with delegate_to runs delegated, with ansible_delegated_vars', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('engine/role-handler-keywords.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'delegated.log'), 'utf8')).to.equal('h1 h3\n');
    expect(run.stdout).to.match(/RUNNING HANDLER \[delegating : delegated handler\][\s\S]*\[h1 -> h3\]/);
  });
});

describe('run-playbook: include_role arguments and unjudgeable conditions', function () {
  this.timeout(120_000);

  it('renders tasks_from per host, and keeps the module result when failed_when cannot be evaluated', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('engine/include-args.yml', dir);
    expect(run.code, out(run)).to.equal(0);
    expect(readFileSync(join(dir, 'named.log'), 'utf8')).to.equal('h1 other\n');
  });
});

describe("run-playbook: ansible.cfg's [privilege_escalation] become_method", function () {
  this.timeout(120_000);

  it('is the method a task becomes with when no keyword or variable names one', () => {
    const dir = tempWorkdir();
    writeFileSync(join(dir, 'ansible.cfg'), '[privilege_escalation]\nbecome_method = doas\n');
    const run = runPlaybookCli('engine/become-method.yml', dir);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.contain("become_method 'doas' is not supported");
  });
});
