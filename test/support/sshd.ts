// Real OpenSSH servers for the transport tests: `/usr/sbin/sshd -D -e -f <generated config>` on a
// loopback address, with generated host keys and a client key in a temp dir. Runs as root.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SshSettings } from '../../src/connection/ssh-config.ts';

const run = promisify(execFile);

export interface SshdInstance {
  address: string;
  port: number;
  dir: string;
  /** 'ssh-ed25519 AAAA...' lines by type */
  hostPublicKeys: Record<'ed25519' | 'rsa' | 'ecdsa', string>;
  clientKeyFile: string;
  knownHostsFile: string;
  process: ChildProcess;
  /** settings for root with the client key and a known_hosts file in the temp dir */
  settings(overrides?: Partial<SshSettings>): SshSettings;
  /** SIGKILL the listener and every per-connection sshd it forked (drops live connections) */
  kill(): Promise<void>;
  /** SIGKILL only the per-connection sshd processes: live connections drop, new ones are served */
  killSessions(): number;
  stop(): Promise<void>;
}

async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(address: string, port: number, child: ChildProcess, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.connect(port, address);
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${address}:${port}`);
}

/** Every descendant of pid (read from /proc), deepest last. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift()!;
    for (const [child, parent] of parentOf) if (parent === current) found.push(child), queue.push(child);
  }
  return found;
}

function signalTree(pid: number, signal: NodeJS.Signals): void {
  for (const id of [pid, ...descendants(pid)]) {
    try {
      process.kill(id, signal);
    } catch {
      // already gone
    }
  }
}

export async function startSshd(options: { address?: string; port?: number } = {}): Promise<SshdInstance> {
  const address = options.address ?? '127.0.0.2';
  const port = options.port ?? (await freePort(address));
  const dir = await mkdtemp(join(tmpdir(), 'warren-sshd-'));
  await chmod(dir, 0o755); // test users read authorized_keys from here
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const keygen = (type: string, file: string, bits: string[] = []) =>
    run('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'warren-test', '-f', join(dir, file)]);
  await Promise.all([
    keygen('ed25519', 'host_ed25519'),
    keygen('rsa', 'host_rsa', ['-b', '2048']),
    keygen('ecdsa', 'host_ecdsa'),
    keygen('ed25519', 'client_ed25519'),
  ]);
  const pub = async (file: string) => (await readFile(join(dir, `${file}.pub`), 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
  const hostPublicKeys = { ed25519: await pub('host_ed25519'), rsa: await pub('host_rsa'), ecdsa: await pub('host_ecdsa') };
  await writeFile(join(dir, 'authorized_keys'), `${await pub('client_ed25519')}\n`, { mode: 0o644 });
  const config = [
    `ListenAddress ${address}:${port}`,
    ...['host_ed25519', 'host_ecdsa', 'host_rsa'].map((f) => `HostKey ${join(dir, f)}`),
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin yes',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'MaxSessions 10',
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
  ];
  await writeFile(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  try {
    await waitForPort(address, port, child);
  } catch (err) {
    signalTree(child.pid!, 'SIGKILL');
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  const knownHostsFile = join(dir, 'known_hosts');
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    address,
    port,
    dir,
    hostPublicKeys,
    clientKeyFile: join(dir, 'client_ed25519'),
    knownHostsFile,
    process: child,
    settings: (overrides = {}) => ({
      address,
      port,
      user: 'root',
      privateKeyFiles: [join(dir, 'client_ed25519')],
      connectTimeoutMs: 5000,
      keepaliveIntervalMs: 15000,
      keepaliveCountMax: 3,
      hostKeyPolicy: 'strict',
      knownHostsFiles: [knownHostsFile],
      maxChannels: 8,
      persistentShell: true,
      ...overrides,
    }),
    async kill() {
      signalTree(child.pid!, 'SIGKILL');
      await exited;
    },
    killSessions() {
      const sessions = descendants(child.pid!);
      for (const id of sessions) {
        try {
          process.kill(id, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return sessions.length;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) signalTree(child.pid!, 'SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An sshd whose ed25519 key is already in its own known_hosts file (what most tests want). */
export async function startTrustedSshd(): Promise<SshdInstance> {
  const sshd = await startSshd();
  await writeFile(sshd.knownHostsFile, `${knownHostsLine(sshd)}\n`);
  return sshd;
}

/** The inventory variables (YAML flow mapping body) that reach this server as root with its key. */
export function inventoryConnection(sshd: SshdInstance): string {
  return `ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: root, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}`;
}

/** A known_hosts line for this server (`[addr]:port type key`). */
export function knownHostsLine(sshd: SshdInstance, type: keyof SshdInstance['hostPublicKeys'] = 'ed25519'): string {
  return `[${sshd.address}]:${sshd.port} ${sshd.hostPublicKeys[type]}`;
}

export interface TestUser {
  name: string;
  password: string;
  remove(): Promise<void>;
}

/** A throw-away local user with sudo rights (NOPASSWD or password); remove() deletes user and sudoers file.
 *  The name gets a random suffix: parallel test runs on one machine must not share users. */
export async function createTestUser(prefix: string, sudo: 'nopasswd' | 'password'): Promise<TestUser> {
  const name = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const sudoers = `/etc/sudoers.d/warren-test-${name}`;
  await run('useradd', ['-m', '-s', '/bin/sh', name]);
  const remove = async () => {
    await rm(sudoers, { force: true });
    await run('userdel', ['-r', '-f', name]).catch(() => undefined);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'inherit'] });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`chpasswd exited ${code}`))));
      child.stdin!.end(`${name}:${password}\n`);
    });
    const rule = sudo === 'nopasswd' ? `${name} ALL=(ALL) NOPASSWD: ALL` : `${name} ALL=(ALL) ALL`;
    await writeFile(sudoers, `Defaults:${name} lecture=never\n${rule}\n`, { mode: 0o440 });
  } catch (err) {
    await remove();
    throw err;
  }
  return { name, password, remove };
}
