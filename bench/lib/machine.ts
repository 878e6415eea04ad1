// The machine the figures were taken on.
import { cpus, hostname, release, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  hostname: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  ansibleCore?: string;
}

export function machineInfo(ansibleCore: string | undefined): MachineInfo {
  return {
    date: new Date().toISOString().slice(0, 10),
    hostname: hostname(),
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    ansibleCore,
  };
}
