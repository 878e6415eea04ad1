// Ctrl-C (SIGINT to warren) in the middle of a run: no new task starts, a running command, local
// or remote (as the login user or through sudo), is stopped (SIGTERM, then SIGKILL on a second
// Ctrl-C) with its whole process group, a remote upload in flight is finished (never left
// half-installed), the recap is printed and the exit code is ansible-playbook's for an
// interrupted run (99).
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { ROOT } from '../run/helpers.ts';

interface Run {
  code: number | null;
  out: string;
}

function startRun(work: string, play: string, inventory: string): { child: ChildProcess; done: Promise<Run>; output: () => string } {
  const child = spawn(process.execPath, [join(ROOT, 'bin/run-playbook.js'), play, '-i', inventory], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 200_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    }),
  );
  return { child, done, output: () => out };
}

async function waitFor(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** pids of the processes whose argv is exactly `argv` (read from /proc, as the host sees them) */
function processesRunning(argv: string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'latin1') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('reliability: Ctrl-C during a run', function () {
  this.timeout(300_000);
  let work: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'warren-interrupt-'));
    chmodSync(work, 0o755);
    writeFileSync(join(work, 'local.ini'), 'a ansible_connection=local\nb ansible_connection=local\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  function localPlay(name: string, command: string): string {
    const dir = join(work, name);
    mkdirSync(dir);
    const play = join(work, `${name}.yml`);
    writeFileSync(
      play,
      `- hosts: all
  gather_facts: false
  tasks:
    - name: A long local command
      shell: ${JSON.stringify(`echo $$ > ${dir}/{{ inventory_hostname }}.pid; ${command}; echo done > ${dir}/{{ inventory_hostname }}.done`)}
    - name: Never started after Ctrl-C
      copy: { content: "after\\n", dest: "${dir}/{{ inventory_hostname }}.after" }
`,
    );
    return play;
  }

  const pidsIn = (dir: string) => ['a', 'b'].map((h) => (existsSync(join(dir, `${h}.pid`)) ? Number(readFileSync(join(dir, `${h}.pid`), 'utf8')) : 0));

  it('stops a running local command with its process group, prints the recap, exits 99', async () => {
    const dir = join(work, 'term');
    const run = startRun(work, localPlay('term', 'sleep 300'), join(work, 'local.ini'));
    await waitFor('both commands to start', () => pidsIn(dir).every((p) => p > 0));
    const pids = pidsIn(dir);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.out).to.equal(99);
    expect(r.out).to.include('User interrupted execution');
    expect(r.out).to.match(/PLAY RECAP[\s\S]*a\s+: ok=0[\s\S]*b\s+: ok=0/);
    expect(r.out).not.to.include('Never started after Ctrl-C');
    await waitFor('the process groups to end', () => pids.every((p) => !groupAlive(p)), 10_000);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.pid'))).to.deep.equal([]);
  });

  it('a second Ctrl-C kills a command that ignores SIGTERM', async () => {
    const dir = join(work, 'kill');
    const run = startRun(work, localPlay('kill', "trap '' TERM; sleep 300"), join(work, 'local.ini'));
    await waitFor('both commands to start', () => pidsIn(dir).every((p) => p > 0));
    const pids = pidsIn(dir);
    run.child.kill('SIGINT');
    await waitFor('the first interrupt to be reported', () => run.output().includes('User interrupted execution'));
    expect(pids.every(groupAlive), 'the commands ignore SIGTERM').to.equal(true);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.out).to.equal(99);
    expect(r.out).to.include('stopping running tasks');
    expect(r.out).to.include('PLAY RECAP');
    await waitFor('the process groups to end', () => pids.every((p) => !groupAlive(p)), 10_000);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.pid'))).to.deep.equal([]);
  });

  describe('over SSH', () => {
    let sshd: SshdInstance;
    let login: TestUser;
    let dest: string;
    const BIG = 96 * 1024 * 1024;

    before(async () => {
      sshd = await startTrustedSshd();
      login = await createTestUser('wrnint', 'nopasswd');
      dest = join(work, 'remote');
      mkdirSync(dest);
      const uid = Number(readFileSync('/etc/passwd', 'utf8').match(new RegExp(`^${login.name}:x:(\\d+):`, 'm'))![1]);
      chownSync(dest, uid, uid);
      writeFileSync(join(dest, 'big.bin'), 'old\n');
      chownSync(join(dest, 'big.bin'), uid, uid);
      writeFileSync(join(work, 'big.bin'), Buffer.alloc(BIG, 'y'));
      writeFileSync(
        join(work, 'ssh.yml'),
        `all:\n  hosts:\n    remote: { ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: ${login.name}, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile} }\n`,
      );
      writeFileSync(
        join(work, 'upload.yml'),
        `- hosts: all
  gather_facts: false
  tasks:
    - copy: { src: ${join(work, 'big.bin')}, dest: ${dest}/big.bin }
    - name: Never started after Ctrl-C
      copy: { content: "after\\n", dest: ${dest}/after }
`,
      );
    });
    after(async () => {
      await sshd?.stop();
      await login?.remove();
    });

    /** Two hosts on this sshd, one running as the login user and one through sudo as root. */
    function remoteRun(name: string, command: string) {
      const inventory = join(work, `${name}.yml`);
      const host = (become: boolean) =>
        `{ ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: ${login.name}, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}, ansible_become: ${become} }`;
      writeFileSync(inventory, `all:\n  hosts:\n    plain: ${host(false)}\n    sudo: ${host(true)}\n`);
      const play = join(work, `${name}-play.yml`);
      writeFileSync(
        play,
        `- hosts: all
  gather_facts: false
  tasks:
    - shell: ${JSON.stringify(command)}
    - name: Never started after Ctrl-C
      copy: { content: "after\\n", dest: "${dest}/{{ inventory_hostname }}.${name}" }
`,
      );
      return startRun(work, play, inventory);
    }
    // a fraction no other process on the machine uses; GNU sleep takes it
    const nap = (n: number) => ['sleep', `300.${process.pid}${n}`];

    it('stops remote commands with their process groups, as the login user and through sudo', async () => {
      const run = remoteRun('remote-term', `sleep ${nap(1)[1]} & sleep ${nap(2)[1]}; echo done`);
      await waitFor('both hosts to run their commands', () => processesRunning(nap(1)).length === 2 && processesRunning(nap(2)).length === 2, 100_000);
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code, r.out).to.equal(99);
      expect(r.out).to.include('User interrupted execution');
      expect(r.out).to.match(/PLAY RECAP[\s\S]*plain\s+: ok=0[\s\S]*sudo\s+: ok=0/);
      expect(r.out).not.to.include('Never started after Ctrl-C');
      await waitFor('the remote commands to end', () => processesRunning(nap(1)).length + processesRunning(nap(2)).length === 0, 10_000);
    });

    it('a second Ctrl-C kills remote commands that ignore SIGTERM', async () => {
      const run = remoteRun('remote-kill', `trap '' TERM; sleep ${nap(3)[1]}`);
      await waitFor('both hosts to run their commands', () => processesRunning(nap(3)).length === 2, 100_000);
      run.child.kill('SIGINT');
      await waitFor('the first interrupt to be reported', () => run.output().includes('User interrupted execution'));
      // the first signal has had its round trips (as the login user and through sudo) and was ignored
      await new Promise((r) => setTimeout(r, 1500));
      expect(processesRunning(nap(3)), 'the commands ignore SIGTERM').to.have.length(2);
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code, r.out).to.equal(99);
      expect(r.out).to.include('stopping running tasks');
      expect(r.out).to.include('PLAY RECAP');
      await waitFor('the remote commands to end', () => processesRunning(nap(3)).length === 0, 10_000);
    });

    it('lets an upload in flight finish and install, leaving no temp file, then stops', async () => {
      const temps = () => readdirSync(dest).filter((f) => f.startsWith('.big.bin.warren-'));
      const run = startRun(work, join(work, 'upload.yml'), join(work, 'ssh.yml'));
      await waitFor('the upload to start', () => temps().some((f) => (statSync(join(dest, f), { throwIfNoEntry: false })?.size ?? 0) > 1024 * 1024));
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code, r.out).to.equal(99);
      expect(r.out).to.match(/PLAY RECAP[\s\S]*remote\s+: ok=1\s+changed=1/);
      expect(statSync(join(dest, 'big.bin')).size).to.equal(BIG);
      expect(temps()).to.deep.equal([]);
      expect(existsSync(join(dest, 'after'))).to.equal(false);
    });
  });
});
