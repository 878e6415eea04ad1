import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recapOf, runPlaybookCli, tempWorkdir } from './helpers.ts';

/** The most hosts that were between their "start" and "end" line at once. */
function mostAtOnce(log: string): number {
  let now = 0;
  let most = 0;
  for (const line of log.trim().split('\n')) {
    now += line.startsWith('start ') ? 1 : -1;
    most = Math.max(most, now);
  }
  return most;
}

describe('throttle (task, block, play keyword; 3 hosts, forks 50)', function () {
  this.timeout(120_000);
  let dir: string;
  let run: ReturnType<typeof runPlaybookCli>;
  const atOnce = (name: string) => mostAtOnce(readFileSync(join(dir, `${name}.log`), 'utf8'));

  before(() => {
    dir = tempWorkdir();
    run = runPlaybookCli('throttle/site.yml', dir);
  });

  it('runs every task on every host', () => {
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    for (const h of ['h1', 'h2', 'h3']) expect(recapOf(run.stdout, h)).to.include({ ok: 5, changed: 5, failed: 0 });
  });

  it('without throttle all three hosts run the task at once', () => {
    expect(atOnce('none')).to.equal(3);
  });

  it('throttle: 1 on a task runs it on one host at a time', () => {
    expect(atOnce('task')).to.equal(1);
  });

  it('a templated throttle on a block limits each of its tasks; a task may lower it', () => {
    expect(atOnce('block')).to.equal(2);
    expect(atOnce('inner')).to.equal(1);
  });

  it('a play-level throttle is inherited by its tasks', () => {
    expect(atOnce('play')).to.equal(1);
  });

  it('a literal that is no number is refused at load time with its position (exit 4)', () => {
    const bad = runPlaybookCli('throttle/bad.yml', tempWorkdir());
    expect(bad.code).to.equal(4);
    expect(bad.stderr).to.match(/bad\.yml:7:17: 'throttle' must be a whole number or a template, got "lots"/);
  });

  it('a template that renders to no number is an error naming the task (exit 4)', () => {
    const bad = runPlaybookCli('throttle/bad-rendered.yml', tempWorkdir());
    expect(bad.code).to.equal(4);
    expect(bad.stderr).to.match(/bad-rendered\.yml:7:7: 'throttle' must be a whole number, got "lots"/);
  });
});
