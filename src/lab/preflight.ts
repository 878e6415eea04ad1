// Checks before anything is changed: root, the Debian packages the lab needs, systemd-nspawn, free disk.
import { existsSync, mkdirSync, statfsSync } from 'node:fs';
import { LabError, runChecked, runCommand } from './exec.ts';

export const labMachinePackages = ['systemd-container', 'debootstrap', 'openssh-client', 'iproute2', 'apt-cacher-ng'];

/** Free space below which `lab up` refuses to start (base image ~300 MB + host overlays + apt cache). */
const minimumFreeBytes = 1024 * 1024 * 1024;

export function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new LabError('warren lab needs root (it mounts overlays, creates a bridge and boots systemd-nspawn hosts); run it with sudo');
  }
}

export async function missingPackages(packages: string[] = labMachinePackages): Promise<string[]> {
  const missing: string[] = [];
  for (const name of packages) {
    const result = await runCommand('dpkg-query', ['-W', '-f=${Status}', name]);
    if (result.code !== 0 || !result.stdout.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

/** apt-get update once, then installs what is missing; never touches packages already there. */
export async function installPackages(missing: string[]): Promise<void> {
  if (missing.length === 0) return;
  if (!existsSync('/usr/bin/apt-get'))
    throw new LabError(`missing packages ${missing.join(', ')} and no apt-get to install them (the lab needs a Debian machine)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runChecked('apt-get', ['update', '-qq'], { env });
  await runChecked('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

export function requireNspawn(): void {
  if (!existsSync('/usr/bin/systemd-nspawn')) {
    throw new LabError('systemd-nspawn not found (package systemd-container); install it with: apt-get install systemd-container');
  }
}

export function requireFreeDisk(paths: string[]): void {
  for (const path of paths) {
    mkdirSync(path, { recursive: true });
    const stats = statfsSync(path);
    const free = stats.bavail * stats.bsize;
    if (free < minimumFreeBytes) {
      throw new LabError(`disk full: only ${Math.round(free / 1048576)} MiB free under ${path}; the lab needs at least 1024 MiB`);
    }
  }
}

/** ENOSPC anywhere in the lab becomes the same clear message. */
export function explainDiskError(error: unknown): unknown {
  const text = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException)?.code === 'ENOSPC' || /No space left on device/.test(text)) {
    return new LabError(`disk full while building the lab: ${text.split('\n')[0]}`);
  }
  return error;
}
