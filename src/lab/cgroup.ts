// Each host runs in its own cgroup (warren/<machine>) so nspawn's payload/supervisor groups of two
// hosts never meet, a crash can kill the whole host at once, and its memory can be read.
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** cgroup2 mount: the whole tree on a unified machine, /sys/fs/cgroup/unified on a hybrid one. */
function unifiedRoot(): string | undefined {
  if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return '/sys/fs/cgroup';
  if (existsSync('/sys/fs/cgroup/unified/cgroup.controllers')) return '/sys/fs/cgroup/unified';
  return undefined;
}

/** Directories for one host: its cgroup2 group, and the name=systemd v1 group on hybrid machines. */
export function hostCgroups(machine: string): string[] {
  const dirs: string[] = [];
  const unified = unifiedRoot();
  if (unified) dirs.push(join(unified, 'warren', machine));
  if (unified !== '/sys/fs/cgroup' && existsSync('/sys/fs/cgroup/systemd/cgroup.procs')) dirs.push(join('/sys/fs/cgroup/systemd/warren', machine));
  return dirs;
}

export async function createHostCgroups(machine: string): Promise<string[]> {
  const dirs = hostCgroups(machine);
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  return dirs;
}

/** Every pid in a cgroup and its children. */
export function cgroupPids(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) pids.push(...cgroupPids(join(dir, entry.name)));
  return pids;
}

/** SIGKILL to every process of the host at once (cgroup.kill), or one by one where it is missing. */
export async function killHostCgroup(machine: string): Promise<void> {
  const [main] = hostCgroups(machine);
  if (!main || !existsSync(main)) return;
  if (existsSync(join(main, 'cgroup.kill'))) await writeFile(join(main, 'cgroup.kill'), '1');
  for (const pid of cgroupPids(main)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}

function removeEmpty(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeEmpty(join(dir, entry.name));
  try {
    rmdirSync(dir);
  } catch {
    return;
  }
}

export function removeHostCgroups(machine: string): void {
  for (const dir of hostCgroups(machine)) {
    removeEmpty(dir);
    const parent = join(dir, '..');
    if (existsSync(parent) && readdirSync(parent, { withFileTypes: true }).every((entry) => !entry.isDirectory())) removeEmpty(parent);
  }
}

/** Bytes the host uses: memory.current where the memory controller is on, else the sum of its processes' PSS. */
export function hostMemoryBytes(machine: string): number | undefined {
  const [main] = hostCgroups(machine);
  if (!main || !existsSync(main)) return undefined;
  if (existsSync(join(main, 'memory.current'))) return Number(readFileSync(join(main, 'memory.current'), 'utf8'));
  let total = 0;
  for (const pid of cgroupPids(main)) {
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      total += Number(pss?.[1] ?? 0) * 1024;
    } catch {}
  }
  return total;
}
