// Through the real CLI (local connection): `environment:` reaches every module that runs a
// command (command, shell, and the validate commands of the content-file modules), seen in files
// the env-driven processes write; and `--check --diff` over a play of file and command modules
// leaves the tree byte-identical (one hash over paths, modes, owners, mtimes and contents).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTree } from '../../support/tree-hash.ts';
import { ROOT } from './helpers.ts';

function runCli(dir: string, play: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), play, '-i', join(dir, 'inventory.ini'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const MARK = 'env-reached-7f3a';
const VALIDATING = ['copy', 'template', 'lineinfile', 'replace', 'blockinfile'];

describe('environment: on every command-running module, and --check byte-identical', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-env-check-'));
    writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
    writeFileSync(join(dir, 't.j2'), 'rendered {{ inventory_hostname }}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reaches command, shell and every validate command', () => {
    const out = join(dir, 'env');
    const work = join(dir, 'envwork');
    mkdirSync(out);
    mkdirSync(work);
    for (const f of ['lineinfile', 'replace', 'blockinfile']) writeFileSync(join(work, f), 'old line\n');
    const validate = (name: string) => `validate: "sh -c 'echo \\"$WARREN_MARK\\" > ${out}/${name}' %s"`;
    const play = join(dir, 'env.yml');
    writeFileSync(
      play,
      `- hosts: all
  gather_facts: false
  environment: { WARREN_MARK: ${MARK} }
  tasks:
    - command: sh -c 'printf %s "$WARREN_MARK" > ${out}/command'
    - shell: printf %s "$WARREN_MARK" > ${out}/shell
    - copy: { content: "new\\n", dest: ${work}/copy, ${validate('copy')} }
    - template: { src: ${join(dir, 't.j2')}, dest: ${work}/template, ${validate('template')} }
    - lineinfile: { path: ${work}/lineinfile, line: added, ${validate('lineinfile')} }
    - replace: { path: ${work}/replace, regexp: old, replace: new, ${validate('replace')} }
    - blockinfile: { path: ${work}/blockinfile, block: added, ${validate('blockinfile')} }
`,
    );
    const r = runCli(dir, play);
    expect(r.code, r.out).to.equal(0);
    for (const name of ['command', 'shell', ...VALIDATING]) expect(readFileSync(join(out, name), 'utf8').trim(), name).to.equal(MARK);
  });

  it('--check --diff changes no byte of the tree', () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'conf'), 'a=1\nb=2\n');
    writeFileSync(join(tree, 'sub', 'keep'), 'kept\n');
    const play = join(dir, 'check.yml');
    writeFileSync(
      play,
      `- hosts: all
  gather_facts: false
  tasks:
    - copy: { content: "new\\n", dest: ${tree}/conf, backup: true }
    - copy: { content: "new\\n", dest: ${tree}/created, mode: '0600' }
    - template: { src: ${join(dir, 't.j2')}, dest: ${tree}/rendered }
    - file: { path: ${tree}/sub/keep, mode: '0600' }
    - file: { path: ${tree}/newdir/deeper, state: directory }
    - file: { path: ${tree}/sub/keep, state: absent }
    - file: { path: ${tree}/link, src: ${tree}/conf, state: link }
    - lineinfile: { path: ${tree}/conf, regexp: '^a=', line: a=9 }
    - replace: { path: ${tree}/conf, regexp: 'b=2', replace: 'b=3' }
    - blockinfile: { path: ${tree}/conf, block: "c=4" }
    - command: touch ${tree}/touched
    - shell: echo x > ${tree}/shelled
      args: { creates: ${tree}/nothere }
`,
    );
    const before = hashTree(tree);
    const r = runCli(dir, play, ['--check', '--diff']);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/changed=\d+/);
    expect(hashTree(tree)).to.equal(before);
  });
});
