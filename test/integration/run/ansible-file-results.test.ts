// Results shaped as Ansible's, over a real loopback sshd, checked the way Ansible content checks
// them (register + assert in the playbook): file's mapping diff in every mode (state, mode, owner
// and group as ids, a link's old and new src, what a removed directory held, times), and the
// path facts copy and template return for dest. --diff shows file's diff as Ansible's callback
// does (sorted JSON); without --diff nothing is shown although the diff is registered.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inventoryConnection, startTrustedSshd, type SshdInstance } from '../../support/sshd.ts';
import { ROOT } from './helpers.ts';

const filePlay = `- hosts: all
  gather_facts: false
  vars: { d: "{{ base }}/tree" }
  tasks:
    - file: { path: "{{ d }}", state: directory, mode: '0755' }
      register: made
    - file: { path: "{{ d }}", state: directory, mode: '0700', owner: nobody }
      register: moded
    - file: { path: "{{ d }}", state: directory, mode: '0700', owner: nobody }
      register: again
    - copy: { content: "x\\n", dest: "{{ d }}/a" }
    - file: { src: "{{ d }}/a", dest: "{{ d }}/l", state: link }
    - file: { src: a, dest: "{{ d }}/l", state: link }
      register: relinked
    - file: { path: "{{ d }}/a", modification_time: "202202081414.00" }
      register: timed
    - file: { path: "{{ d }}/sub/deeper", state: directory }
    - file: { path: "{{ d }}/sub/deeper/f", state: touch }
      register: touched
    - file: { path: "{{ d }}/sub", state: absent }
      register: removed
    - file: { path: "{{ d }}/sub", state: absent }
      register: gone
    - template: { src: t.j2, dest: "{{ d }}/t.conf", mode: '0640' }
      register: templated
    - copy: { content: "same\\n", dest: "{{ d }}/c" }
    - copy: { content: "same\\n", dest: "{{ d }}/c", mode: '0600' }
      register: copied
    - assert:
        that:
          - "made.diff == {'before': {'path': d, 'state': 'absent'}, 'after': {'path': d, 'state': 'directory'}}"
          - "moded.diff.before == {'path': d, 'mode': '0755', 'owner': 0}"
          - "moded.diff.after == {'path': d, 'mode': '0700', 'owner': 65534}"
          - "moded.owner == 'nobody' and moded.uid == 65534 and moded.mode == '0700' and moded.state == 'directory'"
          - "again is not changed and again.diff.after | length == 1"
          - "relinked is changed and relinked.diff.before.src == d + '/a' and relinked.diff.after.src == 'a'"
          - "relinked.dest == d + '/l' and relinked.state == 'link'"
          - "timed is changed and timed.diff.after.mtime is number and timed.diff.after | length == 2"
          - "touched.dest == d + '/sub/deeper/f' and touched.state == 'file'"
          - "removed.diff.before.path_content.directories == [d + '/sub/deeper']"
          - "removed.diff.before.path_content.files == [d + '/sub/deeper/f']"
          - "gone is not changed and gone.diff is not defined"
          - "templated.uid == 0 and templated.gid == 0 and templated.owner == 'root' and templated.group == 'root'"
          - "templated.mode == '0640' and templated.size == 7 and templated.state == 'file'"
          - "templated.checksum == 'ea01c6772252039e2de40395996ce1e52c5db481' and templated.md5sum == 'f1f798dec90f9c66c22171e01c71c8a1'"
          - "templated.dest == d + '/t.conf' and templated.src is defined"
          - "copied is changed and copied.mode == '0600' and copied.size == 5 and copied.checksum | length == 40"
`;

describe('Ansible-shaped file, copy and template results (loopback sshd)', function () {
  this.timeout(180_000);
  let sshd: SshdInstance;
  let dir: string;
  let inventory: string;

  before(async () => {
    sshd = await startTrustedSshd();
    dir = mkdtempSync(join(tmpdir(), 'warren-file-results-'));
    writeFileSync(join(dir, 't.j2'), 'name={{ inventory_hostname }}');
    writeFileSync(join(dir, 'site.yml'), filePlay);
    const conn = inventoryConnection(sshd);
    inventory = join(dir, 'hosts.yml');
    writeFileSync(inventory, `all:\n  hosts:\n    h1: { ${conn}, base: ${dir}/h1 }\n`);
  });

  after(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function play(file: string, args: string[] = []) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), join(dir, file), '-i', inventory, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it('registers what ansible-core 2.14 registers, and the host ends as the play says', () => {
    const r = play('site.yml');
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.not.include('"path": ');
    const tree = join(dir, 'h1/tree');
    expect(lstatSync(tree).mode & 0o777).to.equal(0o700);
    expect(lstatSync(tree).uid).to.equal(65534);
    expect(lstatSync(join(tree, 'l')).isSymbolicLink()).to.equal(true);
    expect(() => lstatSync(join(tree, 'sub'))).to.throw();
  });

  it('shows the mapping diff as sorted JSON with --diff, as Ansible does', () => {
    writeFileSync(
      join(dir, 'diff.yml'),
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - file: { path: "{{ base }}/shown", state: directory, mode: '0750' }\n`,
    );
    const r = play('diff.yml', ['--diff']);
    expect(r.code, r.out).to.equal(0);
    const path = join(dir, 'h1/shown');
    expect(r.out).to.include(`--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n     "path": "${path}",\n-    "state": "absent"\n+    "state": "directory"\n }\n`);
  });

  it("registers copy's and template's diff lists with Ansible's keys (before_header, after_header) under --diff", () => {
    writeFileSync(
      join(dir, 'diff-lists.yml'),
      `- hosts: all
  gather_facts: false
  vars: { f: "{{ base }}/listed.conf" }
  tasks:
    - copy: { content: "old\\n", dest: "{{ f }}" }
    - copy: { content: "new\\n", dest: "{{ f }}" }
      register: copied
    - template: { src: t.j2, dest: "{{ f }}" }
      register: templated
    - assert:
        that:
          - "copied.diff | length == 1 and copied.diff[0].before == 'old\\\\n' and copied.diff[0].after == 'new\\\\n'"
          - "copied.diff[0].before_header == f and copied.diff[0].after_header is string"
          - "templated.diff[0].before_header == f and templated.diff[0].after == 'name=h1'"
          - "copied.diff[0].beforeHeader is not defined and templated.diff[0].afterHeader is not defined"
`,
    );
    mkdirSync(join(dir, 'h1'), { recursive: true });
    const r = play('diff-lists.yml', ['--diff']);
    expect(r.code, r.out).to.equal(0);
    // the printed diff is unchanged: headers name dest
    const f = join(dir, 'h1/listed.conf');
    expect(r.out, r.out).to.include(`--- before: ${f}\n+++ after: ${f}\n@@ -1,1 +1,1 @@\n-old\n+new\n`);
  });
});
