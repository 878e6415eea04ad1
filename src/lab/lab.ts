// `lab up` and `lab down`: the orchestration; every step reads and writes the lab's state dir.
import { dirname } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { removeTree } from './mounts.ts';
import { join, resolve } from 'node:path';
import { LabError, runChecked } from './exec.ts';
import { destroyHost, ensureHostKey, hostRuntime, killHost, prepareHost, bootHost, waitForSsh, sshAnswers, type HostSetup } from './host.ts';
import { ensureBaseImage } from './image.ts';
import { writeInventory, removeInventory } from './inventory.ts';
import { ensureLabSecrets } from '../vault/secrets-init.ts';
import { withLock } from './lock.ts';
import { readDebianMirror } from './mirror.ts';
import { explainDiskError, installPackages, missingPackages, requireFreeDisk, requireNspawn, requireRoot } from './preflight.ts';
import { ensureAptProxy, stopAptProxy } from './proxy.ts';
import { raiseInotifyLimits, restoreInotifyLimits } from './sysctl.ts';
import { ensureBridge, gatewayAddress, hostAddress, hostVeth, parseSubnet, removeBridge, requireSubnetFree, vethMaster } from './network.ts';
import type { LabProgress } from './progress.ts';
import {
  clientKeyPath,
  hostFiles,
  labDir,
  labKnownHostsPath,
  listHostDirs,
  listLabNames,
  readLabState,
  writeLabState,
  type LabPaths,
  type LabState,
} from './state.ts';

export const defaultLabHosts = ['rmq1', 'rmq2', 'rmq3', 'lb1'];
export const defaultSubnet = '10.86.0.0/24';
export const defaultLabName = 'warren';

export interface LabUpOptions {
  name: string;
  hosts: string[];
  /** undefined: the lab's current subnet, or 10.86.0.0/24 for a new lab */
  subnet?: string;
  inventoryPath: string;
  bootTimeoutMs: number;
  paths: LabPaths;
  progress: LabProgress;
}

export interface LabFacts {
  name: string;
  inventoryPath: string;
  knownHostsFile: string;
  keyFile: string;
  hosts: Record<string, { address: string }>;
}

export function validateNames(name: string, hosts: string[]): void {
  if (!/^[a-z][a-z0-9]{0,11}$/.test(name)) throw new LabError(`bad lab name "${name}": 1-12 lowercase letters and digits, starting with a letter`);
  if (hosts.length === 0) throw new LabError('no hosts given');
  for (const host of hosts) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(host)) throw new LabError(`bad host name "${host}": lowercase letters, digits and '-', starting with a letter`);
  }
  const duplicate = hosts.find((host, index) => hosts.indexOf(host) !== index);
  if (duplicate) throw new LabError(`host "${duplicate}" given twice`);
}

export function labLockFile(paths: LabPaths, name: string): string {
  return join(paths.stateRoot, 'locks', `${name}.lock`);
}

export function hostSetup(state: LabState, paths: LabPaths, host: string, proxyPort: number): HostSetup {
  const record = state.hosts[host];
  if (!record) throw new LabError(`no host "${host}" in lab ${state.name} (hosts: ${Object.keys(state.hosts).join(', ')})`);
  return {
    paths,
    lab: state.name,
    host,
    machine: record.machine,
    address: record.address,
    prefixLength: state.prefixLength,
    gateway: state.gateway,
    bridge: state.bridge,
    baseImage: state.baseImage,
    proxyPort,
    clientPublicKey: readFileSync(`${clientKeyPath(paths, state.name)}.pub`, 'utf8').trim(),
  };
}

export function sshCheckFor(state: LabState, paths: LabPaths, host: string) {
  return { address: state.hosts[host]!.address, keyFile: clientKeyPath(paths, state.name), knownHostsFile: labKnownHostsPath(paths, state.name) };
}

/** Boots a host that is not running (its disk, if any, is kept) and waits for SSH. */
export async function startHost(
  state: LabState,
  paths: LabPaths,
  host: string,
  proxyPort: number,
  bootTimeoutMs: number,
  note: (text: string) => void,
): Promise<void> {
  const setup = hostSetup(state, paths, host, proxyPort);
  await killHost(setup.machine);
  note('preparing overlay');
  await prepareHost(setup);
  note('booting');
  await bootHost(setup);
  note('waiting for SSH');
  try {
    await waitForSsh(setup, sshCheckFor(state, paths, host), bootTimeoutMs);
  } catch (err) {
    // Seen once in CI (2 hosts booting at load ~12): nspawn gone within the first second, no output.
    // One more boot on the same disk; a second failure is the host's.
    if (!(err instanceof LabError) || !err.message.includes('exited during boot')) throw err;
    note('systemd-nspawn exited during boot; booting once more');
    await killHost(setup.machine);
    await bootHost(setup);
    await waitForSsh(setup, sshCheckFor(state, paths, host), bootTimeoutMs);
  }
}

async function writeKnownFiles(state: LabState, paths: LabPaths): Promise<void> {
  const hosts = await Promise.all(
    Object.entries(state.hosts).map(async ([name, record]) => ({ name, address: record.address, hostPublicKey: await ensureHostKey(paths, state.name, name) })),
  );
  const keyFile = clientKeyPath(paths, state.name);
  await writeInventory({
    inventoryPath: join(labDir(paths, state.name), 'hosts.yml'),
    knownHostsPath: labKnownHostsPath(paths, state.name),
    keyFile,
    lab: state.name,
    hosts,
  });
  await writeInventory({ inventoryPath: state.inventoryPath, knownHostsPath: state.knownHostsPath, keyFile, lab: state.name, hosts });
}

function planState(options: LabUpOptions, existing: LabState | undefined, baseImage: string, mirror: string): LabState {
  if (existing && options.subnet && parseSubnet(options.subnet).text !== existing.subnet) {
    throw new LabError(`lab ${options.name} already uses subnet ${existing.subnet}; run \`warren lab down --name ${options.name}\` first to change it`);
  }
  const subnet = parseSubnet(existing?.subnet ?? options.subnet ?? defaultSubnet);
  const inventoryPath = resolve(options.inventoryPath);
  const state: LabState = {
    name: options.name,
    subnet: subnet.text,
    bridge: `wl-${options.name}`,
    gateway: gatewayAddress(subnet),
    prefixLength: subnet.prefixLength,
    inventoryPath,
    knownHostsPath: join(resolve(inventoryPath, '..'), 'known_hosts'),
    baseImage,
    mirror,
    hosts: { ...(existing?.hosts ?? {}) },
  };
  if (existing && existing.inventoryPath !== inventoryPath) void removeInventory(existing.inventoryPath, existing.knownHostsPath);
  const used = new Set(Object.values(state.hosts).map((record) => record.address));
  let index = 0;
  for (const host of options.hosts) {
    if (state.hosts[host]) continue;
    while (used.has(hostAddress(subnet, index))) index++;
    state.hosts[host] = { address: hostAddress(subnet, index), machine: `${options.name}-${host}` };
    used.add(hostAddress(subnet, index));
  }
  return state;
}

export async function labUp(options: LabUpOptions): Promise<LabFacts> {
  requireRoot();
  validateNames(options.name, options.hosts);
  const { paths, progress } = options;
  return withLock(labLockFile(paths, options.name), 15 * 60000, async () => {
    try {
      await progress.step({
        title: 'lab machine packages',
        run: async (note) => {
          const missing = await missingPackages();
          if (missing.length === 0) return 'all present';
          note(`installing ${missing.join(' ')}`);
          await installPackages(missing);
          return `installed ${missing.join(' ')}`;
        },
      });
      requireNspawn();
      requireFreeDisk([paths.stateRoot, paths.cacheRoot]);
      const existing = await readLabState(paths, options.name);
      const mirror = readDebianMirror();
      const bridge = `wl-${options.name}`;
      await requireSubnetFree(parseSubnet(existing?.subnet ?? options.subnet ?? defaultSubnet), bridge);
      const proxy = await ensureAptProxy(paths, mirror);
      let baseImage = '';
      await progress.step({
        title: `base image (Debian ${mirror.suite} from ${mirror.uri})`,
        run: async (note) => {
          note('debootstrap (about a minute, once)');
          const image = await ensureBaseImage(paths, mirror, proxy.port);
          baseImage = image.dir;
          return image.built ? 'built' : 'cached';
        },
      });
      const state = planState(options, existing, baseImage, mirror.uri);
      await writeLabState(paths, state);
      await raiseInotifyLimits(paths);
      await ensureBridge(state.bridge, parseSubnet(state.subnet));
      const keyFile = clientKeyPath(paths, state.name);
      if (!existsSync(keyFile)) await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `warren-lab-${state.name}`, '-f', keyFile]);
      await writeKnownFiles(state, paths);
      await progress.parallel(
        `hosts of lab ${state.name}`,
        Object.keys(state.hosts).map((host) => ({
          title: `${host} ${state.hosts[host]!.address}`,
          run: async (note) => {
            const setup = hostSetup(state, paths, host, proxy.port);
            const runtime = hostRuntime(paths, state.name, host, setup.machine);
            if (runtime.nspawnPid) {
              const veth = runtime.initPid ? hostVeth(runtime.initPid) : undefined;
              if (veth && vethMaster(veth) !== state.bridge) return 'running, partitioned';
              if (await sshAnswers(sshCheckFor(state, paths, host))) return 'already running';
              note('waiting for SSH');
              await waitForSsh(setup, sshCheckFor(state, paths, host), options.bootTimeoutMs);
              return 'running';
            }
            await startHost(state, paths, host, proxy.port, options.bootTimeoutMs, note);
            return 'booted';
          },
        })),
      );
      // A lab inventory gets its own fresh secrets (cookie, passwords) once.
      await ensureLabSecrets(dirname(state.inventoryPath));
      return labFacts(state, paths);
    } catch (error) {
      throw explainDiskError(error);
    }
  });
}

export function labFacts(state: LabState, paths: LabPaths): LabFacts {
  return {
    name: state.name,
    inventoryPath: state.inventoryPath,
    knownHostsFile: state.knownHostsPath,
    keyFile: clientKeyPath(paths, state.name),
    hosts: Object.fromEntries(Object.entries(state.hosts).map(([host, record]) => [host, { address: record.address }])),
  };
}

/** Stops every host, removes mounts, cgroups, bridge, inventory and state; the proxy too when no lab is left. */
export async function labDown(options: { name: string; paths: LabPaths; progress: LabProgress }): Promise<boolean> {
  requireRoot();
  const { paths, name, progress } = options;
  return withLock(labLockFile(paths, name), 15 * 60000, async () => {
    const state = await readLabState(paths, name);
    const hosts = [...new Set([...Object.keys(state?.hosts ?? {}), ...listHostDirs(paths, name)])];
    const found = Boolean(state) || hosts.length > 0 || existsSync(labDir(paths, name));
    if (hosts.length > 0) {
      await progress.parallel(
        `stopping lab ${name}`,
        hosts.map((host) => ({
          title: host,
          run: async () => {
            await destroyHost(paths, name, host, state?.hosts[host]?.machine ?? `${name}-${host}`);
            return hostFiles(paths, name, host).dir ? 'removed' : undefined;
          },
        })),
      );
    }
    await removeBridge(state?.bridge ?? `wl-${name}`);
    if (state) await removeInventory(state.inventoryPath, state.knownHostsPath);
    await removeTree(labDir(paths, name));
    if (listLabNames(paths).length === 0) {
      await stopAptProxy(paths);
      await restoreInotifyLimits(paths);
    }
    return found;
  });
}

/** Shrinks a lab by one host: it is destroyed (disk and host key included) and leaves the inventory. */
export async function labRemoveHost(options: { name: string; host: string; paths: LabPaths }): Promise<string> {
  requireRoot();
  const { paths, name, host } = options;
  return withLock(labLockFile(paths, name), 15 * 60000, async () => {
    const state = await readLabState(paths, name);
    if (!state) throw new LabError(`lab ${name} is not up (run \`warren lab up --name ${name}\`)`);
    const record = state.hosts[host];
    if (!record) throw new LabError(`${host}: not a host of lab ${name} (hosts: ${Object.keys(state.hosts).join(', ')})`);
    await destroyHost(paths, name, host, record.machine);
    delete state.hosts[host];
    await writeLabState(paths, state);
    await writeKnownFiles(state, paths);
    return `${host}: removed from lab ${name} (its address ${record.address} is free again)`;
  });
}
