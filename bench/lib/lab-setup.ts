// The benchmark's own lab (name `bench`, 10.86.4.0/24, node1..nodeN), brought up through
// warren's lab code, plus the one machine limit 50 nspawn hosts need.
import { readFile, writeFile } from 'node:fs/promises';
import { labDown, labUp } from '../../src/lab/lab.ts';
import { plainProgress } from '../../src/lab/progress.ts';
import { defaultLabPaths } from '../../src/lab/state.ts';
import type { BenchLab } from './inventory.ts';

export const benchLabName = 'bench';
export const benchSubnet = '10.86.4.0/24';
const INOTIFY_INSTANCES = '/proc/sys/fs/inotify/max_user_instances';

/**
 * Each booted host's systemd takes several inotify instances; Debian's default of 128 per user runs
 * out around 30-40 hosts (boot fails with "Failed to allocate manager object: Too many open files").
 */
export async function ensureInotifyInstances(minimum: number, log: (line: string) => void): Promise<void> {
  const current = Number((await readFile(INOTIFY_INSTANCES, 'utf8')).trim());
  if (current >= minimum) return;
  await writeFile(INOTIFY_INSTANCES, String(minimum));
  log(`raised fs.inotify.max_user_instances from ${current} to ${minimum} (each lab host's systemd needs a few)`);
}

export async function benchLabUp(count: number, log: (line: string) => void): Promise<BenchLab> {
  await ensureInotifyInstances(1024, log);
  const hosts = Array.from({ length: count }, (_, index) => `node${index + 1}`);
  const quiet = plainProgress((line) => (/failed|error/i.test(line) ? log(line) : undefined));
  const facts = await labUp({
    name: benchLabName,
    hosts,
    subnet: benchSubnet,
    inventoryPath: `/var/lib/warren/labs/${benchLabName}/inventory/hosts.yml`,
    bootTimeoutMs: 180000,
    paths: defaultLabPaths,
    progress: quiet,
  });
  return {
    hosts,
    addresses: Object.fromEntries(hosts.map((host) => [host, facts.hosts[host]!.address])),
    keyFile: facts.keyFile,
    knownHostsFile: facts.knownHostsFile,
  };
}

export async function benchLabDown(): Promise<void> {
  await labDown({ name: benchLabName, paths: defaultLabPaths, progress: plainProgress(() => undefined) });
}
