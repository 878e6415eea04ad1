// Where every lab keeps what it made, so each command (and the next run after a crash) finds it.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface LabPaths {
  /** /var/lib/warren: labs/<name>/ and the shared apt proxy live here */
  stateRoot: string;
  /** /var/cache/warren: the base image and the apt download cache */
  cacheRoot: string;
}

export const defaultLabPaths: LabPaths = { stateRoot: '/var/lib/warren', cacheRoot: '/var/cache/warren' };

export interface LabHostRecord {
  address: string;
  /** systemd-nspawn --machine name, unique across labs */
  machine: string;
}

export interface LabState {
  name: string;
  subnet: string;
  bridge: string;
  gateway: string;
  prefixLength: number;
  inventoryPath: string;
  knownHostsPath: string;
  baseImage: string;
  mirror: string;
  hosts: Record<string, LabHostRecord>;
}

export function labDir(paths: LabPaths, name: string): string {
  return join(paths.stateRoot, 'labs', name);
}

export function hostDir(paths: LabPaths, lab: string, host: string): string {
  return join(labDir(paths, lab), 'hosts', host);
}

/** known_hosts the lab itself checks against (the inventory's copy may live anywhere). */
export function labKnownHostsPath(paths: LabPaths, lab: string): string {
  return join(labDir(paths, lab), 'known_hosts');
}

export function clientKeyPath(paths: LabPaths, lab: string): string {
  return join(labDir(paths, lab), 'id_ed25519');
}

/** The files of one host: overlay layers, its mount point, nspawn pid and console log, its host key. */
export function hostFiles(paths: LabPaths, lab: string, host: string) {
  const dir = hostDir(paths, lab, host);
  return {
    dir,
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    root: join(dir, 'root'),
    pidFile: join(dir, 'nspawn.pid'),
    log: join(dir, 'console.log'),
    hostKey: join(dir, 'ssh_host_ed25519_key'),
  };
}

export async function readLabState(paths: LabPaths, name: string): Promise<LabState | undefined> {
  const file = join(labDir(paths, name), 'state.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as LabState;
}

export async function writeLabState(paths: LabPaths, state: LabState): Promise<void> {
  const file = join(labDir(paths, state.name), 'state.json');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export function listLabNames(paths: LabPaths): string[] {
  const dir = join(paths.stateRoot, 'labs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** Host names found on disk (a host dir may exist without a state entry after an interrupted `up`). */
export function listHostDirs(paths: LabPaths, lab: string): string[] {
  const dir = join(labDir(paths, lab), 'hosts');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}
