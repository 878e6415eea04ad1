// Shared fixture for every e2e suite: brings a lab up (reusing it when already running) and returns its facts.
// Safe to call repeatedly and concurrently: `lab up` is idempotent and serialised by the lab's lock file.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { labFault as runLabFault, type LabFaultAction } from '../../src/lab/faults.ts';
import { defaultLabName, labDown, labUp } from '../../src/lab/lab.ts';
import { plainProgress } from '../../src/lab/progress.ts';
import { defaultLabPaths, readLabState } from '../../src/lab/state.ts';
import { sshArgs } from '../../src/lab/host.ts';

export interface LabFixture {
  inventoryPath: string;
  hosts: Record<string, { address: string }>;
  keyFile: string;
  knownHostsFile: string;
}

/** Quiet progress: test output stays readable; failures still carry the full message. */
const quiet = plainProgress(() => undefined);

export async function ensureLab(opts: { name?: string; hosts: string[]; subnet?: string; inventoryPath?: string }): Promise<LabFixture> {
  const name = opts.name ?? defaultLabName;
  const inventoryPath = resolve(
    opts.inventoryPath ?? (name === defaultLabName ? 'inventories/lab/hosts.yml' : `/var/lib/warren/labs/${name}/inventory/hosts.yml`),
  );
  // A lab left running by another checkout holds that checkout's cookie, passwords and whatever
  // state its last test left (a CI run on a clean clone once met one left after fault tests):
  // a suite starts from a lab it made itself.
  const existing = await readLabState(defaultLabPaths, name);
  if (existing && existing.inventoryPath !== inventoryPath) await labDown({ name, paths: defaultLabPaths, progress: quiet });
  const facts = await labUp({
    name,
    hosts: opts.hosts,
    subnet: opts.subnet,
    inventoryPath,
    bootTimeoutMs: 90000,
    paths: defaultLabPaths,
    progress: quiet,
  });
  const hosts = Object.fromEntries(opts.hosts.map((host) => [host, facts.hosts[host]!]));
  return { inventoryPath: facts.inventoryPath, hosts, keyFile: facts.keyFile, knownHostsFile: facts.knownHostsFile };
}

export async function labFault(action: LabFaultAction, host: string, name = defaultLabName): Promise<string> {
  return runLabFault({ name, host, action, paths: defaultLabPaths });
}

export async function destroyLab(name = defaultLabName): Promise<void> {
  await labDown({ name, paths: defaultLabPaths, progress: quiet });
}

/** Runs a shell command on a lab host with the system ssh client, host key checking on. */
export function sshRun(lab: LabFixture, host: string, command: string, timeoutSeconds = 5): { code: number; stdout: string; stderr: string } {
  const check = { address: lab.hosts[host]!.address, keyFile: lab.keyFile, knownHostsFile: lab.knownHostsFile };
  const result = spawnSync('ssh', [...sshArgs(check, timeoutSeconds), command], { encoding: 'utf8', timeout: 300000 });
  return { code: result.status ?? 255, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
