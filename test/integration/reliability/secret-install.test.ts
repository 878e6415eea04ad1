// A secret installed with mode 0400 is never readable by another user, not even for a moment:
// an unprivileged poller (nobody) reads every file in the destination directory while many
// installs run, over the local connection, SFTP, and sudo over ssh.
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { ROOT } from '../run/helpers.ts';

const SECRET = 'erlang-cookie-0c4f9e';
const ROUNDS = 40;

const PLAY = (dest: string, become: boolean) => `
- hosts: all
  gather_facts: false
${become ? '  become: true\n' : ''}  tasks:
    - name: Install the secret, a new file each round (a new file is the widest window)
      copy:
        content: "${SECRET}-{{ item }}\\n"
        dest: ${dest}-{{ item }}
        mode: "0400"
      loop: [${Array.from({ length: ROUNDS }, (_, i) => i).join(', ')}]
`;

// Opens every file in dir in a tight loop; an fd opened while the mode allowed it stays readable.
const POLLER = `
import os, sys
d = sys.argv[1]
while True:
    for name in os.listdir(d):
        try:
            with open(os.path.join(d, name), 'rb') as f:
                sys.stdout.buffer.write(f.read()); sys.stdout.flush()
        except OSError:
            pass
`;

/** nobody reads every file in dir, as fast as it can, until stopped; returns what it read. */
function startPoller(dir: string): { child: ChildProcess; stop: () => Promise<string> } {
  const child = spawn('runuser', ['-u', 'nobody', '--', 'python3', '-c', POLLER, dir], {
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true, // its own process group: the loop dies with runuser
  });
  let seen = '';
  child.stdout!.on('data', (c: Buffer) => (seen += c.toString()));
  return {
    child,
    stop: () => new Promise((resolve) => (child.on('close', () => resolve(seen)), process.kill(-child.pid!, 'SIGKILL'))),
  };
}

function runPlay(dir: string, inventory: string, become: boolean): { status: number | null; out: string } {
  const play = `${dir}-play.yml`; // outside dir: the poller must only find installed content
  writeFileSync(play, PLAY(join(dir, 'cookie'), become));
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), play, '-i', inventory], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('reliability: a secret is never readable by another user while it is installed', function () {
  this.timeout(300_000);
  let sshd: SshdInstance;
  let login: TestUser;
  const dirs: string[] = [];

  before(async () => {
    sshd = await startTrustedSshd();
    login = await createTestUser('wrnsec', 'nopasswd');
  });
  after(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await login?.remove();
    await sshd?.stop();
  });

  /** A destination directory nobody can list and enter (as /etc is), owned by `owner`. */
  function openDir(owner?: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'warren-secret-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    if (owner) {
      const id = spawnSync('id', ['-u', owner], { encoding: 'utf8' }).stdout.trim();
      chownSync(dir, Number(id), Number(id));
    }
    return dir;
  }

  function sshInventory(dir: string): string {
    const path = join(dir, '..', `${dir.split('/').pop()}-inventory.yml`);
    writeFileSync(
      path,
      `all:\n  hosts:\n    target: { ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: ${login.name}, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile} }\n`,
    );
    dirs.push(path);
    return path;
  }

  async function attack(dir: string, inventory: string, become: boolean): Promise<void> {
    const poller = startPoller(dir);
    const r = runPlay(dir, inventory, become);
    const seen = await poller.stop();
    rmSync(`${dir}-play.yml`);
    expect(r.status, r.out).to.equal(0);
    for (let i = 0; i < ROUNDS; i++) expect(statSync(join(dir, `cookie-${i}`)).mode & 0o777).to.equal(0o400);
    expect(seen, 'another user read the secret').not.to.include(SECRET);
  }

  it('local connection (as root)', async () => {
    const dir = openDir();
    const inventory = join(dir, '..', `${dir.split('/').pop()}-local.ini`);
    writeFileSync(inventory, 'target ansible_connection=local\n');
    dirs.push(inventory);
    await attack(dir, inventory, false);
  });

  it('ssh: SFTP upload as the login user', async () => {
    const dir = openDir(login.name);
    await attack(dir, sshInventory(dir), false);
  });

  it('ssh: sudo (become root) upload', async () => {
    const dir = openDir();
    await attack(dir, sshInventory(dir), true);
  });
});
