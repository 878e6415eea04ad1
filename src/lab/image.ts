// The base image: one debootstrap of Debian, built once into a temp dir and renamed into the cache,
// so an interrupted build never looks finished. Every host is an overlay on it.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './exec.ts';
import type { DebianMirror } from './mirror.ts';
import { removeTree } from './mounts.ts';
import type { LabPaths } from './state.ts';

/** What the RabbitMQ and HAProxy roles need on a host; no python3 (warren needs only a POSIX shell). */
export const baseImagePackages = ['systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'iproute2', 'procps', 'ca-certificates', 'sudo', 'gnupg'];

export function baseImageDir(paths: LabPaths, suite: string): string {
  return join(paths.cacheRoot, 'images', suite);
}

export function baseImageReady(paths: LabPaths, suite: string): boolean {
  return existsSync(join(baseImageDir(paths, suite), '.warren-image-complete'));
}

/** Host-independent changes: no shared host keys or machine id, networkd on, apt cache emptied. */
async function finishImage(dir: string): Promise<void> {
  const sshDir = join(dir, 'etc/ssh');
  for (const name of readdirSync(sshDir)) if (name.startsWith('ssh_host_')) await rm(join(sshDir, name));
  await writeFile(join(dir, 'etc/machine-id'), '');
  await writeFile(join(dir, 'etc/ssh/sshd_config.d/10-warren-lab.conf'), 'HostKey /etc/ssh/ssh_host_ed25519_key\n');
  const archives = join(dir, 'var/cache/apt/archives');
  for (const name of readdirSync(archives)) if (name.endsWith('.deb')) await rm(join(archives, name));
  const enable: Array<[string, string]> = [
    ['multi-user.target.wants', 'systemd-networkd.service'],
    ['sockets.target.wants', 'systemd-networkd.socket'],
    ['network-online.target.wants', 'systemd-networkd-wait-online.service'],
  ];
  for (const [target, unit] of enable) {
    await mkdir(join(dir, 'etc/systemd/system', target), { recursive: true });
    const link = join(dir, 'etc/systemd/system', target, unit);
    if (!existsSync(link)) await symlink(`/lib/systemd/system/${unit}`, link);
  }
  await writeFile(join(dir, '.warren-image-complete'), `${new Date().toISOString()}\n`);
}

export async function ensureBaseImage(paths: LabPaths, mirror: DebianMirror, proxyPort: number): Promise<{ dir: string; built: boolean }> {
  const dir = baseImageDir(paths, mirror.suite);
  if (baseImageReady(paths, mirror.suite)) return { dir, built: false };
  const imagesDir = join(paths.cacheRoot, 'images');
  await mkdir(imagesDir, { recursive: true });
  for (const name of readdirSync(imagesDir)) if (name.includes('.building')) await removeTree(join(imagesDir, name));
  if (existsSync(dir)) await removeTree(dir);
  const building = `${dir}.building-${process.pid}`;
  const env = { ...process.env, http_proxy: `http://127.0.0.1:${proxyPort}` };
  try {
    await runChecked('debootstrap', ['--variant=minbase', `--include=${baseImagePackages.join(',')}`, mirror.suite, building, mirror.uri], { env });
    await finishImage(building);
    await rename(building, dir);
  } catch (error) {
    await removeTree(building);
    throw error;
  }
  return { dir, built: true };
}
