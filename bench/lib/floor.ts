// The floor: the same number of `true` commands as the workload's tasks, over ssh2 connections
// opened beforehand (src/connection/ssh.ts, the transport warren uses), hosts in parallel. Two
// floors: one SSH channel per command (the floor, what any SSH tool pays per command) and
// warren's persistent shell (one write and one read per command on a channel kept open).
import { SshConnection, sshSettingsFromVars } from '../../src/connection/ssh.ts';
import type { BenchLab } from './inventory.ts';

export interface FloorSample {
  /** wall time of the commands only, connections already open */
  ms: number;
  /** per command on one host: the median host's time / commands */
  perCommandMs: number;
}

export type FloorKind = 'channel' | 'shell';

export function labConnection(lab: BenchLab, host: string, kind: FloorKind = 'shell'): SshConnection {
  const vars = {
    ansible_host: lab.addresses[host],
    ansible_user: 'root',
    ansible_ssh_private_key_file: lab.keyFile,
    warren_known_hosts_file: lab.knownHostsFile,
  };
  return new SshConnection(host, sshSettingsFromVars(host, { ...vars, warren_persistent_shell: kind === 'shell' }, {}));
}

export function measureFloor(lab: BenchLab, hostCount: number, commands: number, runs: number, kind: FloorKind): Promise<FloorSample[]> {
  return measureFloorOn(
    lab.hosts.slice(0, hostCount).map((host) => labConnection(lab, host, kind)),
    commands,
    runs,
  );
}

/** Opens the connections, then times `commands` sequential `true` per host, hosts in parallel. */
export async function measureFloorOn(connections: SshConnection[], commands: number, runs: number): Promise<FloorSample[]> {
  try {
    await Promise.all(connections.map(async (conn) => conn.exec('true')));
    const samples: FloorSample[] = [];
    for (let run = 0; run < runs; run++) {
      const start = process.hrtime.bigint();
      const perHost = await Promise.all(
        connections.map(async (conn) => {
          const hostStart = process.hrtime.bigint();
          for (let i = 0; i < commands; i++) {
            const result = await conn.exec('true');
            if (result.code !== 0) throw new Error(`${conn.host}: \`true\` exited with ${result.code}: ${result.stderr}`);
          }
          return Number(process.hrtime.bigint() - hostStart) / 1e6;
        }),
      );
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const sorted = perHost.sort((a, b) => a - b);
      samples.push({ ms, perCommandMs: sorted[Math.floor(sorted.length / 2)]! / commands });
    }
    return samples;
  } finally {
    await Promise.all(connections.map((conn) => conn.close()));
  }
}
