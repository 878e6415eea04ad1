// warren's own apt-cacher-ng instance: hosts fetch packages only through the lab machine, one shared cache.
// Its own config (not the system service's) so the archive it forwards to is the mirror this machine uses.
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { LabError, runChecked, runCommand, sleep } from './exec.ts';
import type { DebianMirror } from './mirror.ts';
import type { LabPaths } from './state.ts';

export interface AptProxy {
  port: number;
  pid: number;
}

const candidatePorts = [3142, 3143, 3144, 3145];

function proxyDir(paths: LabPaths): string {
  return join(paths.stateRoot, 'apt-proxy');
}

export function portOpen(address: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => (socket.destroy(), resolve(open));
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, address);
  });
}

export function pidAlive(pid: number, commandIncludes: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(commandIncludes);
  } catch {
    return false;
  }
}

export async function runningAptProxy(paths: LabPaths): Promise<AptProxy | undefined> {
  const file = join(proxyDir(paths), 'proxy.json');
  if (!existsSync(file)) return undefined;
  const proxy = JSON.parse(readFileSync(file, 'utf8')) as AptProxy;
  return pidAlive(proxy.pid, 'apt-cacher-ng') ? proxy : undefined;
}

async function serviceIds(): Promise<{ uid: number; gid: number } | undefined> {
  const uid = await runCommand('id', ['-u', 'apt-cacher-ng']);
  const gid = await runCommand('id', ['-g', 'apt-cacher-ng']);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function ensureAptProxy(paths: LabPaths, mirror: DebianMirror): Promise<AptProxy> {
  const running = await runningAptProxy(paths);
  if (running) return running;
  const dir = proxyDir(paths);
  const cacheDir = join(paths.cacheRoot, 'apt-cacher-ng');
  const logDir = join(dir, 'log');
  await mkdir(dir, { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const ids = await serviceIds();
  if (ids) for (const path of [cacheDir, logDir, dir]) await chown(path, ids.uid, ids.gid);
  let port = 0;
  for (const candidate of candidatePorts) {
    if (!(await portOpen('127.0.0.1', candidate))) {
      port = candidate;
      break;
    }
  }
  if (!port) throw new LabError(`no free port for the lab's apt proxy (tried ${candidatePorts.join(', ')})`);
  const pidFile = join(dir, 'acng.pid');
  await writeFile(
    join(dir, 'acng.conf'),
    [
      `CacheDir: ${cacheDir}`,
      `LogDir: ${logDir}`,
      'SupportDir: /usr/lib/apt-cacher-ng',
      `Port: ${port}`,
      'BindAddress: 0.0.0.0',
      `PidFile: ${pidFile}`,
      `Remap-debrep: file:deb_mirror*.gz /debian ; ${mirror.uri}/`,
      'ExThreshold: 4',
      '',
    ].join('\n'),
  );
  const drop = ids ? ['setpriv', `--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--clear-groups'] : [];
  const command = [...drop, '/usr/sbin/apt-cacher-ng', '-c', dir, 'ForeGround=0'];
  await runChecked(command[0]!, command.slice(1));
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await portOpen('127.0.0.1', port)) && existsSync(pidFile)) {
      const proxy = { port, pid: Number(readFileSync(pidFile, 'utf8').trim()) };
      await writeFile(join(dir, 'proxy.json'), JSON.stringify(proxy));
      return proxy;
    }
    await sleep(100);
  }
  throw new LabError(`apt-cacher-ng did not start listening on port ${port}; see ${logDir}`);
}

/** Stops the proxy (called when the last lab goes down); the download cache stays for next time. */
export async function stopAptProxy(paths: LabPaths): Promise<void> {
  const proxy = await runningAptProxy(paths);
  if (proxy) {
    process.kill(proxy.pid, 'SIGTERM');
    for (let attempt = 0; attempt < 50 && pidAlive(proxy.pid, 'apt-cacher-ng'); attempt++) await sleep(100);
    if (pidAlive(proxy.pid, 'apt-cacher-ng')) process.kill(proxy.pid, 'SIGKILL');
  }
  await rm(proxyDir(paths), { recursive: true, force: true });
}
