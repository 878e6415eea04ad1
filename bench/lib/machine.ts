// The machine the figures were taken on.
import { cpus, totalmem, release } from 'node:os';

export interface MachineInfo {
  date: string;
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
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    ansibleCore,
  };
}
