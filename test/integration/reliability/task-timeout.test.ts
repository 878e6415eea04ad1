// A hung command no longer blocks a run: with the `timeout` task keyword the command is stopped
// with its process group at the deadline, locally and over SSH (as the login user and through
// sudo), the task fails with Ansible's message, the next task still runs, and the recap is printed.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { ROOT } from '../run/helpers.ts';

/** How many processes run exactly `argv` (read from /proc, as the host sees them). */
function processesRunning(argv: string[]): number {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc').filter((d) => {
    try {
      return /^\d+$/.test(d) && readFileSync(`/proc/${d}/cmdline`, 'latin1') === wanted;
    } catch {
      return false;
    }
  }).length;
}

describe('reliability: the timeout keyword stops a hung command', function () {
  this.timeout(180_000);
  let work: string;
  let sshd: SshdInstance;
  let login: TestUser;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'warren-task-timeout-'));
    chmodSync(work, 0o777);
    sshd = await startTrustedSshd();
    login = await createTestUser('wrntmo', 'nopasswd');
  });
  after(async () => {
    await sshd?.stop();
    await login?.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('locally, over SSH and through sudo: killed at the deadline, the task fails, the run goes on', async () => {
    const marks = join(work, 'marks');
    mkdirSync(marks);
    chmodSync(marks, 0o777);
    // a sleep no other process on the machine runs, one per host; GNU sleep takes the fraction
    const nap = (n: number) => `300.${process.pid}${n}`;
    const remote = (become: boolean, n: number) =>
      `{ ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: ${login.name}, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}, ansible_become: ${become}, nap: "${nap(n)}" }`;
    writeFileSync(
      join(work, 'hosts.yml'),
      `all:\n  hosts:\n    local: { ansible_connection: local, nap: "${nap(1)}" }\n    plain: ${remote(false, 2)}\n    sudo: ${remote(true, 3)}\n`,
    );
    const play = join(work, 'hung.yml');
    writeFileSync(
      play,
      `- hosts: all
  gather_facts: false
  tasks:
    - name: A hung command
      shell: ${JSON.stringify(`sleep {{ nap }}; echo done > ${marks}/{{ inventory_hostname }}.done`)}
      timeout: 2
      ignore_errors: true
    - name: The next task
      shell: echo next > ${marks}/{{ inventory_hostname }}.next
`,
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), play, '-i', join(work, 'hosts.yml')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 120_000, // far below sleep 300: a command left running fails the test
      env: { ...process.env, NO_COLOR: '1' },
    });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).to.equal(0);
    for (const host of ['local', 'plain', 'sudo']) {
      expect(out).to.match(
        new RegExp(`fatal: \\[${host}\\]: FAILED! => .*The shell action failed to execute in the expected time frame \\(2\\) and was terminated`),
      );
      expect(out, out).to.match(new RegExp(`${host}\\s+: ok=2\\s+changed=1\\s+unreachable=0\\s+failed=0\\s+skipped=0\\s+rescued=0\\s+ignored=1`));
      expect(readFileSync(join(marks, `${host}.next`), 'utf8'), host).to.equal('next\n');
      expect(existsSync(join(marks, `${host}.done`)), `${host}: the command ran to its end`).to.equal(false);
    }
    const naps = [nap(1), nap(2), nap(3)];
    const deadline = Date.now() + 10_000;
    while (naps.some((n) => processesRunning(['sleep', n]) > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const n of naps) expect(processesRunning(['sleep', n]), `sleep ${n} is still running`).to.equal(0);
  });
});
