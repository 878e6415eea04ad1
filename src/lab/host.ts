// One lab host: an overlay on the base image, files written before boot, a detached systemd-nspawn.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { cgroupPids, createHostCgroups, hostCgroups, killHostCgroup, removeHostCgroups } from './cgroup.ts';
import { LabError, runChecked, runCommand, sleep } from './exec.ts';
import { isMounted, removeTree, unmountTree } from './mounts.ts';
import { linkExists } from './network.ts';
import { pidAlive, portOpen } from './proxy.ts';
import { hostFiles, type LabPaths } from './state.ts';

export interface HostSetup {
  paths: LabPaths;
  lab: string;
  host: string;
  machine: string;
  address: string;
  prefixLength: number;
  gateway: string;
  bridge: string;
  baseImage: string;
  proxyPort: number;
  clientPublicKey: string;
}

export interface HostRuntime {
  nspawnPid?: number;
  /** the host's PID 1 (systemd) as seen from the lab machine */
  initPid?: number;
}

export async function ensureHostKey(paths: LabPaths, lab: string, host: string): Promise<string> {
  const files = hostFiles(paths, lab, host);
  await mkdir(files.dir, { recursive: true });
  if (!existsSync(files.hostKey)) await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${host}`, '-f', files.hostKey]);
  return readFileSync(`${files.hostKey}.pub`, 'utf8').trim();
}

async function writeRootFile(root: string, path: string, content: string, mode = 0o644): Promise<void> {
  const target = join(root, path);
  await mkdir(join(target, '..'), { recursive: true });
  await rm(target, { force: true });
  await writeFile(target, content, { mode });
  await chmod(target, mode);
}

/** Mounts the overlay (a new upper dir is a fresh host; an existing one is the host's disk) and writes its identity. */
export async function prepareHost(setup: HostSetup): Promise<void> {
  const files = hostFiles(setup.paths, setup.lab, setup.host);
  for (const dir of [files.upper, files.work, files.root]) await mkdir(dir, { recursive: true });
  if (!isMounted(files.root)) {
    await runChecked('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${setup.baseImage},upperdir=${files.upper},workdir=${files.work}`, files.root]);
  }
  const root = files.root;
  const machineIdFile = join(files.dir, 'machine-id');
  if (!existsSync(machineIdFile)) await writeFile(machineIdFile, `${randomBytes(16).toString('hex')}\n`);
  await writeRootFile(root, 'etc/machine-id', readFileSync(machineIdFile, 'utf8'), 0o444);
  await writeRootFile(root, 'etc/hostname', `${setup.host}\n`);
  await writeRootFile(root, 'etc/hosts', `127.0.0.1\tlocalhost\n127.0.1.1\t${setup.host}\n::1\tlocalhost ip6-localhost ip6-loopback\n`);
  await mkdir(join(root, 'root/.ssh'), { recursive: true, mode: 0o700 });
  await chmod(join(root, 'root/.ssh'), 0o700);
  await writeRootFile(root, 'root/.ssh/authorized_keys', `${setup.clientPublicKey}\n`, 0o600);
  await copyFile(files.hostKey, join(root, 'etc/ssh/ssh_host_ed25519_key'));
  await chmod(join(root, 'etc/ssh/ssh_host_ed25519_key'), 0o600);
  await copyFile(`${files.hostKey}.pub`, join(root, 'etc/ssh/ssh_host_ed25519_key.pub'));
  await writeRootFile(
    root,
    'etc/systemd/network/10-host0.network',
    // Sorts before the shipped 80-container-host0.network (DHCP). Keep the address through carrier changes.
    `[Match]\nName=host0\n\n[Network]\nAddress=${setup.address}/${setup.prefixLength}\nConfigureWithoutCarrier=yes\nIgnoreCarrierLoss=yes\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n`,
  );
  await writeRootFile(root, 'etc/apt/apt.conf.d/01warren-lab-proxy', `Acquire::http::Proxy "http://${setup.gateway}:${setup.proxyPort}";\n`);
}

/** Starts systemd-nspawn detached (own session, stdin /dev/null, console to a log) inside the host's cgroup. */
export async function bootHost(setup: HostSetup): Promise<number> {
  const files = hostFiles(setup.paths, setup.lab, setup.host);
  const cgroups = await createHostCgroups(setup.machine);
  const log = openSync(files.log, 'a');
  const joinCgroups = cgroups.map((dir) => `echo $$ > '${dir}/cgroup.procs' && `).join('');
  const nspawn = [
    'systemd-nspawn',
    '-D',
    files.root,
    '--boot',
    `--machine=${setup.machine}`,
    `--network-bridge=${setup.bridge}`,
    '--register=no',
    '--keep-unit',
    '--console=read-only',
  ];
  const child = spawn('/bin/sh', ['-c', `${joinCgroups}exec "$@"`, 'sh', ...nspawn], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  // nspawn killed by a signal prints nothing itself; the console log then says how it ended.
  child.on('exit', (code, signal) => {
    try {
      appendFileSync(files.log, `\n[warren] systemd-nspawn exited (${signal ? `signal ${signal}` : `code ${code}`})\n`);
    } catch {} // the lab was destroyed meanwhile
  });
  if (!child.pid) throw new LabError(`${setup.host}: could not start systemd-nspawn`);
  await writeFile(files.pidFile, `${child.pid}\n`);
  return child.pid;
}

export function hostRuntime(paths: LabPaths, lab: string, host: string, machine: string): HostRuntime {
  const files = hostFiles(paths, lab, host);
  if (!existsSync(files.pidFile)) return {};
  const pid = Number(readFileSync(files.pidFile, 'utf8').trim());
  if (!pid || !pidAlive(pid, `--machine=${machine}`)) return {};
  return { nspawnPid: pid, initPid: containerInit(pid) };
}

function containerInit(nspawnPid: number): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${nspawnPid}/task`)) {
      for (const child of readFileSync(`/proc/${nspawnPid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
        if (/^NSpid:.*\s1$/m.test(readFileSync(`/proc/${child}/status`, 'utf8'))) return Number(child);
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function logTail(paths: LabPaths, lab: string, host: string, lines = 20): string {
  const file = hostFiles(paths, lab, host).log;
  if (!existsSync(file)) return '(no console log)';
  // Strip terminal colour codes from the console so the tail reads as text.
  return readFileSync(file, 'utf8')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .join('\n');
}

export interface SshCheck {
  address: string;
  keyFile: string;
  knownHostsFile: string;
}

export function sshArgs(check: SshCheck, connectTimeoutSeconds = 5): string[] {
  return [
    '-i',
    check.keyFile,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${check.knownHostsFile}`,
    '-o',
    `ConnectTimeout=${connectTimeoutSeconds}`,
    '-o',
    'LogLevel=ERROR',
    `root@${check.address}`,
  ];
}

/** A real SSH login with host key checking on; TCP 22 alone is not proof sshd has its keys loaded. */
export async function sshAnswers(check: SshCheck): Promise<boolean> {
  if (!(await portOpen(check.address, 22))) return false;
  const result = await runCommand('ssh', [...sshArgs(check, 3), 'true'], { timeoutMs: 10000 });
  return result.code === 0;
}

export async function waitForSsh(setup: HostSetup, check: SshCheck, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const runtime = hostRuntime(setup.paths, setup.lab, setup.host, setup.machine);
    if (!runtime.nspawnPid)
      throw new LabError(`${setup.host}: systemd-nspawn exited during boot; console log tail:\n${logTail(setup.paths, setup.lab, setup.host)}`);
    if (await sshAnswers(check)) return;
    await sleep(200);
  }
  throw new LabError(
    `${setup.host}: did not answer SSH on ${check.address}:22 within ${Math.round(timeoutMs / 1000)} s; console log tail:\n${logTail(setup.paths, setup.lab, setup.host)}`,
  );
}

/** Clean poweroff: nspawn turns SIGTERM into SIGRTMIN+3 for the host's systemd. A crash after the timeout. */
export async function stopHost(paths: LabPaths, lab: string, host: string, machine: string, timeoutMs = 30000): Promise<void> {
  const { nspawnPid } = hostRuntime(paths, lab, host, machine);
  if (nspawnPid) {
    process.kill(nspawnPid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && pidAlive(nspawnPid, `--machine=${machine}`)) await sleep(100);
  }
  await killHost(machine);
}

export async function killHost(machine: string): Promise<void> {
  await killHostCgroup(machine);
  const [main] = hostCgroups(machine);
  for (let attempt = 0; attempt < 100 && main && cgroupPids(main).length > 0; attempt++) await sleep(50);
  removeHostCgroups(machine);
  // nspawn leaves its mount propagation dir behind when it exits.
  await rm(`/run/systemd/nspawn/propagate/${machine}`, { recursive: true, force: true });
  await releaseVeth(machine);
}

/**
 * The kernel frees a dead host's network namespace, and with it nspawn's vb-<machine> veth, some
 * time after its last process is gone (seconds on a loaded machine); a boot before that fails
 * with "Failed to add new veth interfaces ... File exists". Wait for it, then delete it.
 * (Names over 15 characters are hashed by nspawn; those are not looked for.)
 */
async function releaseVeth(machine: string): Promise<void> {
  const veth = `vb-${machine}`;
  if (veth.length > 15) return;
  for (let attempt = 0; attempt < 100 && linkExists(veth); attempt++) await sleep(100);
  if (linkExists(veth)) await runCommand('ip', ['link', 'del', veth], { timeoutMs: 10000 });
}

/** Everything of a host gone: processes, cgroups, overlay mount, its directory. */
export async function destroyHost(paths: LabPaths, lab: string, host: string, machine: string): Promise<void> {
  await stopHost(paths, lab, host, machine, 15000);
  const files = hostFiles(paths, lab, host);
  await unmountTree(files.root);
  await removeTree(files.dir);
}
