// A connection dropped in the middle of an SFTP upload: the per-connection sshd of one host is
// killed while a large copy is being written there. That host ends UNREACHABLE, the other hosts
// finish the play, the destination keeps its old content (the upload went to a temp file), and
// the next run that reaches that host, whatever it does there, removes the half-written temp file.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestUser, knownHostsLine, startSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { ROOT } from '../run/helpers.ts';

const BIG_MB = 128;
const HOSTS = ['doomed', 'calm1', 'calm2'];

interface Run {
  code: number | null;
  out: string;
}

/** Runs the CLI; `during` is called with the child while it runs. A hang fails after 150 s. */
function runPlay(work: string, args: string[], during?: () => Promise<void>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run-playbook.js'), ...args], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1', WARREN_STATE_DIR: join(work, 'state') },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
    void during?.();
  });
}

const tempsIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.big.bin.warren-'));

describe('reliability: an SSH connection dropped during an SFTP upload', function () {
  this.timeout(400_000);
  let servers: SshdInstance[] = [];
  let login: TestUser;
  let work: string;
  const dirs: Record<string, string> = {};

  before(async () => {
    servers = await Promise.all(HOSTS.map((_, i) => startSshd({ address: `127.0.0.${21 + i}` })));
    for (const s of servers) writeFileSync(s.knownHostsFile, `${knownHostsLine(s)}\n`);
    login = await createTestUser('wrndrop', 'nopasswd');
    work = mkdtempSync(join(tmpdir(), 'warren-sftp-drop-'));
    chmodSync(work, 0o755); // the login user reaches its own folders below
    const uid = Number(readFileSync('/etc/passwd', 'utf8').match(new RegExp(`^${login.name}:x:(\\d+):`, 'm'))![1]);
    for (const host of HOSTS) {
      dirs[host] = join(work, host);
      mkdirSync(dirs[host]);
      writeFileSync(join(dirs[host], 'big.bin'), 'old content\n');
      chownSync(dirs[host], uid, uid);
      chownSync(join(dirs[host], 'big.bin'), uid, uid);
    }
    writeFileSync(join(work, 'big.bin'), Buffer.alloc(BIG_MB * 1024 * 1024, 'x'));
    const hostLines = HOSTS.map(
      (host, i) =>
        `    ${host}: { ansible_host: ${servers[i].address}, ansible_port: ${servers[i].port}, ansible_user: ${login.name}, ` +
        `ansible_ssh_private_key_file: ${servers[i].clientKeyFile}, warren_known_hosts_file: ${servers[i].knownHostsFile}, dest_dir: ${dirs[host]} }`,
    );
    writeFileSync(join(work, 'inventory.yml'), `all:\n  hosts:\n${hostLines.join('\n')}\n`);
    writeFileSync(
      join(work, 'play.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - name: Upload the big file
      copy: { src: ${join(work, 'big.bin')}, dest: "{{ dest_dir }}/big.bin" }
    - name: A task after the upload
      copy: { content: "after\\n", dest: "{{ dest_dir }}/after.txt" }
`,
    );
    writeFileSync(
      join(work, 'other.yml'),
      `- hosts: doomed
  gather_facts: false
  tasks:
    - copy: { content: "other\\n", dest: "{{ dest_dir }}/other.txt" }
`,
    );
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await login?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('makes that host UNREACHABLE, lets the others finish and never half-writes the destination', async () => {
    let killed = 0;
    let tempSizeAtKill = 0;
    const killMidUpload = async () => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const [temp] = tempsIn(dirs.doomed);
        const size = temp ? (statSync(join(dirs.doomed, temp), { throwIfNoEntry: false })?.size ?? 0) : 0;
        if (size > 4 * 1024 * 1024) {
          tempSizeAtKill = size;
          killed = servers[0].killSessions();
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const r = await runPlay(work, [join(work, 'play.yml'), '-i', join(work, 'inventory.yml')], killMidUpload);
    expect(killed, `no upload was caught in flight\n${r.out}`).to.be.greaterThan(0);
    expect(tempSizeAtKill).to.be.lessThan(BIG_MB * 1024 * 1024);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.match(/doomed\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
    expect(r.out).to.match(/calm1\s+: ok=2\s+changed=2\s+unreachable=0\s+failed=0/);
    expect(r.out).to.match(/calm2\s+: ok=2\s+changed=2\s+unreachable=0\s+failed=0/);
    expect(readFileSync(join(dirs.doomed, 'big.bin'), 'utf8')).to.equal('old content\n');
    expect(readdirSync(dirs.doomed)).not.to.include('after.txt');
    expect(tempsIn(dirs.doomed), 'the dropped upload left no temp file to clean').to.have.length(1);
    for (const host of ['calm1', 'calm2']) {
      expect(statSync(join(dirs[host], 'big.bin')).size).to.equal(BIG_MB * 1024 * 1024);
      expect(readFileSync(join(dirs[host], 'after.txt'), 'utf8')).to.equal('after\n');
      expect(tempsIn(dirs[host])).to.deep.equal([]);
    }

    // The next run that reaches the host removes the temp file, though it installs another file.
    const other = await runPlay(work, [join(work, 'other.yml'), '-i', join(work, 'inventory.yml')]);
    expect(other.code, other.out).to.equal(0);
    expect(readFileSync(join(dirs.doomed, 'other.txt'), 'utf8')).to.equal('other\n');
    expect(tempsIn(dirs.doomed), "the next contact left the dropped upload's temp file").to.deep.equal([]);

    // A temp file no note of this controller names (another controller's dropped upload) goes when
    // its destination is installed again, once it is over a minute old: aged here instead of waiting.
    const foreign = join(dirs.doomed, '.big.bin.warren-0123456789ab');
    writeFileSync(foreign, 'half');
    utimesSync(foreign, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const again = await runPlay(work, [join(work, 'play.yml'), '-i', join(work, 'inventory.yml'), '-l', 'doomed']);
    expect(again.code, again.out).to.equal(0);
    expect(statSync(join(dirs.doomed, 'big.bin')).size).to.equal(BIG_MB * 1024 * 1024);
    expect(tempsIn(dirs.doomed)).to.deep.equal([]);
  });
});
