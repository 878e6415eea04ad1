// The file look-ahead over a real loopback sshd: results, diffs and trees are the same with it on
// and off (warren_look_ahead: false), a converged run reads the host with one stat and one
// sha256sum instead of one or two per task, and a change a task makes between the look-ahead and
// a later task is still seen. Programs are counted by PATH shims that log their name.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startTrustedSshd, type SshdInstance } from '../../support/sshd.ts';
import { ROOT, recapOf, snapshot } from './helpers.ts';

const TOOLS = ['stat', 'sha256sum', 'cat', 'base64'];

const playbook = (shims: string) => `- hosts: all
  gather_facts: false
  environment: { PATH: "${shims}:/usr/sbin:/usr/bin:/sbin:/bin" }
  vars: { d: "{{ base }}/tree" }
  tasks:
    - file: { path: "{{ d }}", state: directory, mode: '0755' }
    - file: { path: "{{ d }}/conf.d", state: directory, mode: '0750' }
    - copy: { content: "motd in {{ d | basename }}\\n", dest: "{{ d }}/motd", mode: '0644' }
    - copy: { content: "limits\\n", dest: "{{ d }}/conf.d/limits.conf", mode: '0600' }
    - template: { src: app.conf.j2, dest: "{{ d }}/app.conf", mode: '0644' }
    - lineinfile: { path: "{{ d }}/conf.d/extra.conf", line: extra=1, create: true, mode: '0644' }
    - lineinfile: { path: "{{ d }}/conf.d/extra.conf", regexp: '^max=', line: max=5 }
    - command: touch {{ d }}/initialized
      args: { creates: "{{ d }}/initialized" }
`;

const changedBetween = `- hosts: all
  gather_facts: false
  vars: { d: "{{ base }}/tree" }
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - copy: { content: "wanted\\n", dest: "{{ d }}/motd" }
    - shell: echo changed by a task > {{ d }}/motd
    - copy: { content: "wanted\\n", dest: "{{ d }}/motd" }
`;

describe('file look-ahead (loopback sshd)', function () {
  this.timeout(180_000);
  let sshd: SshdInstance;
  let dir: string;
  let inventory: string;
  let shims: string;

  before(async () => {
    sshd = await startTrustedSshd();
    dir = mkdtempSync(join(tmpdir(), 'warren-look-ahead-'));
    shims = join(dir, 'shims');
    mkdirSync(shims);
    for (const tool of TOOLS) {
      writeFileSync(join(shims, tool), `#!/bin/sh\necho ${tool} >> ${dir}/calls\nexec /usr/bin/${tool} "$@"\n`);
      chmodSync(join(shims, tool), 0o755);
    }
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates/app.conf.j2'), 'dir={{ d | basename }}\n');
    writeFileSync(join(dir, 'site.yml'), playbook(shims));
    writeFileSync(join(dir, 'between.yml'), changedBetween);
    const conn = `ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: root, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}`;
    inventory = join(dir, 'hosts.yml');
    writeFileSync(
      inventory,
      `all:\n  hosts:\n    ahead: { ${conn}, base: ${dir}/ahead }\n    plain: { ${conn}, base: ${dir}/plain, warren_look_ahead: false }\n`,
    );
  });

  after(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function play(file: string, args: string[] = []): { stdout: string; calls: string[] } {
    rmSync(join(dir, 'calls'), { force: true });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), join(dir, file), '-i', inventory, '-f', '1', ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    let calls: string[] = [];
    try {
      calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    } catch {}
    return { stdout: r.stdout, calls };
  }

  function hostLines(stdout: string, host: string): string[] {
    return stdout
      .split('\n')
      .filter((l) => l.includes(`[${host}]`))
      .map((l) => l.replaceAll(`${dir}/${host}`, 'BASE').replaceAll(`[${host}]`, '[HOST]'));
  }

  const count = (calls: string[], tool: string) => calls.filter((c) => c === tool).length;

  it('gives the same results, trees and diffs with and without it, and a converged host one stat and one sha256sum', () => {
    const first = play('site.yml');
    expect(recapOf(first.stdout, 'ahead')).to.deep.equal(recapOf(first.stdout, 'plain'));
    expect(recapOf(first.stdout, 'ahead').changed).to.equal(8);
    expect(hostLines(first.stdout, 'ahead')).to.deep.equal(hostLines(first.stdout, 'plain'));
    expect(snapshot(join(dir, 'ahead'))).to.deep.equal(snapshot(join(dir, 'plain')));

    const onOnly = play('site.yml', ['-l', 'ahead']);
    expect(recapOf(onOnly.stdout, 'ahead').changed).to.equal(0);
    expect(count(onOnly.calls, 'stat')).to.equal(1);
    expect(count(onOnly.calls, 'sha256sum')).to.equal(1);
    const offOnly = play('site.yml', ['-l', 'plain']);
    expect(recapOf(offOnly.stdout, 'plain').changed).to.equal(0);
    expect(count(offOnly.calls, 'stat')).to.be.greaterThan(5);

    // out of band, before the run: each change is seen the same way, diffs included
    for (const host of ['ahead', 'plain']) {
      const tree = join(dir, host, 'tree');
      writeFileSync(join(tree, 'motd'), 'edited\n');
      chmodSync(join(tree, 'app.conf'), 0o600);
      writeFileSync(join(tree, 'conf.d/extra.conf'), 'extra=1\nmax=9\n');
      rmSync(join(tree, 'initialized'));
    }
    const checked = (host: string) => {
      const out = play('site.yml', ['--check', '--diff', '-l', host]).stdout;
      expect(recapOf(out, host).changed).to.equal(4);
      return out.replaceAll(`${dir}/${host}`, 'BASE').replaceAll(host, 'HOST');
    };
    const ahead = checked('ahead');
    expect(ahead).to.include('-max=9');
    expect(ahead).to.equal(checked('plain'));
    const repair = play('site.yml');
    expect(recapOf(repair.stdout, 'ahead')).to.deep.equal(recapOf(repair.stdout, 'plain'));
    expect(snapshot(join(dir, 'ahead'))).to.deep.equal(snapshot(join(dir, 'plain')));
  });

  it('sees what a task changed after the look-ahead', () => {
    play('between.yml');
    const again = play('between.yml', ['-l', 'ahead']);
    const lines = hostLines(again.stdout, 'ahead');
    // file ok, copy ok, shell changed, then the copy sees the shell's change and repairs it
    expect(lines.filter((l) => l.startsWith('ok:') || l.startsWith('changed:')).map((l) => l.split(':')[0])).to.deep.equal(['ok', 'ok', 'changed', 'changed']);
    expect(readFileSync(join(dir, 'ahead/tree/motd'), 'utf8')).to.equal('wanted\n');
  });
});
