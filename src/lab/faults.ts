// Fault injection and status: stop (clean poweroff), start, kill (crash), partition / heal.
import { readFileSync } from 'node:fs';
import { hostMemoryBytes } from './cgroup.ts';
import { LabError } from './exec.ts';
import { hostRuntime, killHost, stopHost } from './host.ts';
import { removeTree, unmountTree } from './mounts.ts';
import { hostSetup, labLockFile, startHost } from './lab.ts';
import { withLock } from './lock.ts';
import { readDebianMirror } from './mirror.ts';
import { attachVeth, detachVeth, hostVeth, vethMaster } from './network.ts';
import { requireRoot } from './preflight.ts';
import { ensureAptProxy } from './proxy.ts';
import { hostFiles, readLabState, type LabPaths, type LabState } from './state.ts';

export type LabFaultAction = 'stop' | 'start' | 'kill' | 'partition' | 'heal' | 'rebuild';
export const labFaultActions: LabFaultAction[] = ['stop', 'start', 'kill', 'partition', 'heal', 'rebuild'];

export async function requireLabState(paths: LabPaths, name: string): Promise<LabState> {
  const state = await readLabState(paths, name);
  if (!state) throw new LabError(`lab ${name} is not up (run \`warren lab up --name ${name}\`)`);
  return state;
}

function requireVeth(state: LabState, paths: LabPaths, host: string): string {
  const { initPid } = hostRuntime(paths, state.name, host, state.hosts[host]!.machine);
  const veth = initPid ? hostVeth(initPid) : undefined;
  if (!veth) throw new LabError(`${host} is not running; \`warren lab start ${host}\` first`);
  return veth;
}

/** Returns a one-line description of what was done. */
export async function labFault(options: { name: string; host: string; action: LabFaultAction; paths: LabPaths; bootTimeoutMs?: number }): Promise<string> {
  requireRoot();
  const { paths, host, action } = options;
  return withLock(labLockFile(paths, options.name), 5 * 60000, async () => {
    const state = await requireLabState(paths, options.name);
    const setup = hostSetup(state, paths, host, 0);
    switch (action) {
      case 'stop':
        await stopHost(paths, state.name, host, setup.machine);
        return `${host}: powered off`;
      case 'kill':
        await killHost(setup.machine);
        return `${host}: killed (every process of the host got SIGKILL)`;
      case 'start': {
        if (hostRuntime(paths, state.name, host, setup.machine).nspawnPid) return `${host}: already running`;
        const proxy = await ensureAptProxy(paths, readDebianMirror());
        await startHost(state, paths, host, proxy.port, options.bootTimeoutMs ?? 90000, () => undefined);
        return `${host}: started, SSH answers on ${setup.address}`;
      }
      case 'rebuild': {
        // A reinstalled machine: the disk (overlay upper dir) and machine-id go; name, address
        // and SSH host key stay, so the inventory and known_hosts still fit.
        await stopHost(paths, state.name, host, setup.machine);
        const files = hostFiles(paths, state.name, host);
        await unmountTree(files.root);
        for (const dir of [files.upper, files.work, files.root, `${files.dir}/machine-id`]) await removeTree(dir);
        const proxy = await ensureAptProxy(paths, readDebianMirror());
        await startHost(state, paths, host, proxy.port, options.bootTimeoutMs ?? 90000, () => undefined);
        return `${host}: rebuilt from the base image (fresh disk, same address and host key), SSH answers on ${setup.address}`;
      }
      case 'partition': {
        const veth = requireVeth(state, paths, host);
        if (vethMaster(veth) === state.bridge) await detachVeth(veth);
        return `${host}: partitioned (${veth} detached from ${state.bridge})`;
      }
      case 'heal': {
        const veth = requireVeth(state, paths, host);
        if (vethMaster(veth) !== state.bridge) await attachVeth(veth, state.bridge);
        return `${host}: healed (${veth} back on ${state.bridge})`;
      }
    }
  });
}

export interface LabHostStatus {
  host: string;
  address: string;
  running: boolean;
  partitioned: boolean;
  uptimeSeconds?: number;
  memoryBytes?: number;
}

function processAgeSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const startTicks = Number(fields[19]);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Math.max(0, Math.round(uptime - startTicks / 100));
  } catch {
    return undefined;
  }
}

export async function labStatus(options: { name: string; paths: LabPaths }): Promise<{ state: LabState; hosts: LabHostStatus[] }> {
  requireRoot();
  const state = await requireLabState(options.paths, options.name);
  const hosts = Object.entries(state.hosts).map(([host, record]) => {
    const runtime = hostRuntime(options.paths, state.name, host, record.machine);
    const veth = runtime.initPid ? hostVeth(runtime.initPid) : undefined;
    return {
      host,
      address: record.address,
      running: Boolean(runtime.nspawnPid),
      partitioned: Boolean(veth && vethMaster(veth) !== state.bridge),
      uptimeSeconds: runtime.initPid ? processAgeSeconds(runtime.initPid) : undefined,
      memoryBytes: runtime.nspawnPid ? hostMemoryBytes(record.machine) : undefined,
    };
  });
  return { state, hosts };
}
