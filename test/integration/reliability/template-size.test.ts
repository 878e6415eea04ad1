// A template file's size is bounded (issue 17 item 9), through the real CLI: a source over
// ansible.cfg's [warren] template_max_mib, or a small template whose output grows past it, fails
// its task with the file and the limit named, before the destination is touched; 0 lifts the limit.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

const MIB = 1024 * 1024;
const LIMIT_TEXT = 'the limit of 1 MiB (ansible.cfg [warren] template_max_mib or WARREN_TEMPLATE_MAX_MIB; 0 for none)';

describe('reliability: template size limit', function () {
  this.timeout(120_000);
  let dir: string;
  let dest: string;
  let big: string;
  let growing: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-template-size-'));
    writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
    dest = join(dir, 'out', 'rendered.conf');
    big = join(dir, 'big.j2');
    const line = 'static text of a big template, value {{ n }}\n';
    writeFileSync(big, line.repeat(Math.ceil((1.5 * MIB) / line.length)));
    growing = join(dir, 'growing.j2');
    writeFileSync(
      growing,
      'header\n{% for i in range(1000) %}\n{% for j in range(100) %}\nline {{ i }}.{{ j }} of loops that render far more than their source\n{% endfor %}\n{% endfor %}\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function run(src: string, cfg: string | undefined, env: Record<string, string> = {}) {
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    spawnSync('mkdir', [join(dir, 'out')]);
    writeFileSync(dest, 'the old content\n');
    const before = statSync(dest);
    if (cfg === undefined) rmSync(join(dir, 'ansible.cfg'), { force: true });
    else writeFileSync(join(dir, 'ansible.cfg'), cfg);
    const play = join(dir, 'play.yml');
    writeFileSync(
      play,
      `- hosts: all\n  gather_facts: false\n  vars: { n: 7 }\n  tasks:\n    - template: { src: ${src}, dest: ${dest}, backup: true }\n    - copy: { content: "after", dest: ${dir}/out/after }\n`,
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), play, '-i', join(dir, 'inventory.ini')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    const out = r.stdout + r.stderr;
    expect(out, 'no stack trace').not.to.match(/^\s+at .+:\d+:\d+\)?$/m);
    return { code: r.status, out, before };
  }

  function expectUntouched(before: ReturnType<typeof statSync>) {
    expect(readFileSync(dest, 'utf8'), 'the destination keeps its content').to.equal('the old content\n');
    expect(statSync(dest).mtimeMs).to.equal(before?.mtimeMs);
    expect(readdirSync(join(dir, 'out')), 'no temp file, backup or later task output').to.deep.equal(['rendered.conf']);
  }

  it('a source over the limit fails its task, naming the file and the limit, and leaves the destination as it was', () => {
    const r = run(big, '[warren]\ntemplate_max_mib = 1\n');
    expect(r.code, r.out).to.equal(2);
    expect(r.out).to.include(`${big}:1:1: template is 1.5 MiB, over ${LIMIT_TEXT}`);
    expect(r.out).to.match(/target\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=1/);
    expectUntouched(r.before);
  });

  it('output that grows past the limit stops the render at the loop, naming the file and line, and leaves the destination as it was', () => {
    expect(statSync(growing).size).to.be.below(200);
    const r = run(growing, undefined, { WARREN_TEMPLATE_MAX_MIB: '1' });
    expect(r.code, r.out).to.equal(2);
    expect(r.out).to.include(`${growing}:2:1: the rendered output passed ${LIMIT_TEXT}`);
    expect(r.out).to.match(/target\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=1/);
    expectUntouched(r.before);
  });

  it('template_max_mib = 0 lifts the limit, and the default (16 MiB) lets a 1.5 MiB template through', () => {
    for (const cfg of ['[warren]\ntemplate_max_mib = 0\n', undefined]) {
      const r = run(big, cfg);
      expect(r.code, r.out).to.equal(0);
      expect(readFileSync(dest, 'utf8')).to.equal(readFileSync(big, 'utf8').replaceAll('{{ n }}', '7'));
    }
  });

  it('a template_max_mib that is not a whole number is refused with the file and line', () => {
    const r = run(big, '[defaults]\nforks = 5\n[warren]\ntemplate_max_mib = lots\n');
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${join(dir, 'ansible.cfg')}:4: template_max_mib must be a whole number, got 'lots'`);
    expectUntouched(r.before);
  });
});
