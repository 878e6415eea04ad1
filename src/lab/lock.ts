// One command at a time per lab, across processes: a lock file holding the owner's pid; a dead owner's lock is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LabError, sleep } from './exec.ts';

function ownerAlive(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (!pid) return false;
    // Our own pid: another call in this process holds it (the lock is always released in `finally`).
    if (pid === process.pid) return true;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function withLock<T>(file: string, timeoutMs: number, action: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!ownerAlive(file)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new LabError(`another warren lab command holds ${file}; try again when it ends`);
      await sleep(200);
    }
  }
  try {
    return await action();
  } finally {
    rmSync(file, { force: true });
  }
}
