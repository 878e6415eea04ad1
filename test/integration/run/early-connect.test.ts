// Connect while loading (src/run/early-connect.ts), through the CLI against a loopback sshd and
// TCP listeners that count what reaches them: early connects change no outcome, and a run that
// runs no task (or fails to load) leaves no host waiting on a handshake.
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestUser, knownHostsLine, startSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { recapOf, ROOT } from './helpers.ts';

interface Listener {
  port: number;
  accepted: number;
  server: Server;
}

/** A TCP port that accepts and then says nothing (a host whose sshd hangs); counts connections. */
async function silentListener(): Promise<Listener> {
  const sockets = new Set<Socket>();
  const listener: Listener = { port: 0, accepted: 0, server: createServer() };
  listener.server.on('connection', (socket) => {
    listener.accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  listener.server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => listener.server.listen(0, '127.0.0.2', resolve));
  listener.port = (listener.server.address() as { port: number }).port;
  return listener;
}

/** A loopback port nothing listens on (connection refused). */
async function closedPort(): Promise<number> {
  const l = await silentListener();
  await new Promise((r) => l.server.close(r));
  return l.port;
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** run-playbook without blocking the test's event loop (its listeners must keep accepting). */
function runCli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/run-playbook.js'), ...args],
      { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr, ms: Date.now() - started }),
    );
  });
}

const until = async (check: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('run-playbook: connecting while the playbook loads', function () {
  this.timeout(120_000);
  let sshd: SshdInstance;
  let user: TestUser;
  let dir: string;
  let conn: string;

  before(async () => {
    sshd = await startSshd();
    writeFileSync(sshd.knownHostsFile, `${knownHostsLine(sshd)}\n`);
    user = await createTestUser('wrnec', 'nopasswd');
    dir = mkdtempSync(join(tmpdir(), 'warren-early-connect-'));
    conn = `ansible_host=${sshd.address} ansible_port=${sshd.port} ansible_ssh_private_key_file=${sshd.clientKeyFile} warren_known_hosts_file=${sshd.knownHostsFile}`;
  });
  after(async () => {
    await user?.remove();
    await sshd?.stop();
  });

  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  const touchPlay = (hosts: string, file: string) => `
- name: Touch on ${hosts}
  hosts: ${hosts}
  gather_facts: false
  tasks:
    - name: marker
      copy: { content: "{{ inventory_hostname }}\\n", dest: "/tmp/${file}-{{ inventory_hostname }}", mode: '0644' }
    - name: who
      command: id -un
      changed_when: false
`;

  it('a converged run gives the same recap, also for a host first used by the last play', async () => {
    const tag = `wrnec-${process.pid}`;
    write('conv.ini', `[app]\napp1 ${conn} ansible_user=${user.name}\napp2 ${conn} ansible_user=${user.name}\n[lb]\nlb1 ${conn} ansible_user=${user.name}\n`);
    write('conv.yml', touchPlay('app', tag) + touchPlay('lb', tag));
    const first = await runCli(dir, ['conv.yml', '-i', 'conv.ini']);
    expect(first.code, first.stdout + first.stderr).to.equal(0);
    const second = await runCli(dir, ['conv.yml', '-i', 'conv.ini']);
    expect(second.code, second.stdout + second.stderr).to.equal(0);
    for (const host of ['app1', 'app2', 'lb1']) {
      expect(recapOf(first.stdout, host), host).to.deep.include({ ok: 2, changed: 1, unreachable: 0, failed: 0 });
      expect(recapOf(second.stdout, host), host).to.deep.include({ ok: 2, changed: 0, unreachable: 0, failed: 0 });
    }
  });

  it('an unreachable host is reported at its first use with the refused message, its recap and exit 4; retries still apply', async () => {
    const port = await closedPort();
    write(
      'down.ini',
      `[up]\nup1 ${conn} ansible_user=${user.name}\n[down]\ndown1 ansible_host=127.0.0.2 ansible_port=${port} ansible_user=${user.name} ansible_ssh_private_key_file=${sshd.clientKeyFile}\n`,
    );
    write('down.yml', touchPlay('up', `wrnec-down-${process.pid}`) + touchPlay('down', `wrnec-down-${process.pid}`));
    const r = await runCli(dir, ['down.yml', '-i', 'down.ini'], { ANSIBLE_SSH_RETRIES: '1' });
    expect(r.code, r.stdout + r.stderr).to.equal(4);
    expect(r.stdout).to.match(new RegExp(`fatal: \\[down1\\]: UNREACHABLE! .*connection refused by 127\\.0\\.0\\.2:${port}`));
    expect(recapOf(r.stdout, 'down1')).to.deep.include({ ok: 0, changed: 0, unreachable: 1, failed: 0 });
    expect(recapOf(r.stdout, 'up1')).to.deep.include({ ok: 2, unreachable: 0, failed: 0 });
    // one retry after Ansible's 1 s back-off, waited at the host's first use as before
    expect(r.ms).to.be.greaterThan(1000);
  });

  it('a host an earlier play makes reachable (add_host with its port) is reached in the later play', async () => {
    const port = await closedPort();
    write(
      'later.ini',
      `[late]\nlate1 ansible_host=127.0.0.2 ansible_port=${port} ansible_user=${user.name} ansible_ssh_private_key_file=${sshd.clientKeyFile} warren_known_hosts_file=${sshd.knownHostsFile}\n`,
    );
    write(
      'later.yml',
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - add_host: { name: late1, ansible_port: ${sshd.port} }\n${touchPlay('late', `wrnec-late-${process.pid}`)}`,
    );
    const r = await runCli(dir, ['later.yml', '-i', 'later.ini']);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(recapOf(r.stdout, 'late1')).to.deep.include({ ok: 2, unreachable: 0, failed: 0 });
  });

  it("a play's plain remote_user is the user an early connection logs in as", async () => {
    write('ru.ini', `[all]\nfree ${conn}\n`);
    write(
      'ru.yml',
      `- hosts: all\n  gather_facts: false\n  remote_user: ${user.name}\n  tasks:\n    - command: id -un\n      register: who\n      changed_when: false\n    - debug: { var: who.stdout }\n`,
    );
    const r = await runCli(dir, ['ru.yml', '-i', 'ru.ini', '-u', 'wrn-no-such-user']);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.include(`"who.stdout": "${user.name}"`);
  });

  it('--syntax-check and --list-hosts open no connection; a real run does', async () => {
    const listener = await silentListener();
    try {
      write(
        'quiet.ini',
        `[all]\nsilent1 ansible_host=127.0.0.2 ansible_port=${listener.port} ansible_ssh_timeout=1 ansible_ssh_private_key_file=${sshd.clientKeyFile}\n`,
      );
      write('quiet.yml', touchPlay('all', `wrnec-quiet-${process.pid}`));
      for (const flag of ['--syntax-check', '--list-hosts', '--list-tasks']) {
        const r = await runCli(dir, ['quiet.yml', '-i', 'quiet.ini', flag]);
        expect(r.code, flag + r.stdout + r.stderr).to.equal(0);
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(listener.accepted, 'connections during listings').to.equal(0);
      const run = await runCli(dir, ['quiet.yml', '-i', 'quiet.ini']);
      expect(run.code).to.equal(4);
      expect(run.stdout).to.match(/fatal: \[silent1\]: UNREACHABLE! .*timed out after 1 s/);
      expect(listener.accepted).to.be.greaterThan(0);
    } finally {
      listener.server.close();
    }
  });

  it('a YAML error found while a host is still in its handshake exits 4 with file:line:col at once', async () => {
    const listener = await silentListener();
    try {
      write(
        'hang.ini',
        `[all]\nslow1 ansible_host=127.0.0.2 ansible_port=${listener.port} ansible_ssh_timeout=30 ansible_ssh_private_key_file=${sshd.clientKeyFile}\n`,
      );
      write('hang.yml', '- hosts: all\n  gather_facts: false\n  roles: [slowrole]\n');
      mkdirSync(join(dir, 'roles/slowrole/tasks'), { recursive: true });
      const fifo = join(dir, 'roles/slowrole/tasks/main.yml');
      // a FIFO: the role's tasks file arrives only once the host's handshake has begun
      execFileSync('mkfifo', [fifo]);
      const running = runCli(dir, ['hang.yml', '-i', 'hang.ini']);
      await until(() => listener.accepted > 0, 20_000);
      const sent = Date.now();
      const writer = await open(fifo, 'w');
      await writer.write('- name: broken\n  command: [unclosed\n');
      await writer.close();
      const r = await running;
      expect(r.code, r.stdout + r.stderr).to.equal(4);
      expect(r.stdout + r.stderr).to.match(/roles\/slowrole\/tasks\/main\.yml:\d+:\d+/);
      // far less than the 30 s connect timeout the handshake would otherwise wait for
      expect(Date.now() - sent).to.be.lessThan(5000);
    } finally {
      listener.server.close();
    }
  });
});
