// serial: batch sizes as Ansible computes them (numbers, 'NN%', lists; the last size repeats).

/** Size of one serial entry for a play of `total` hosts; percentages round down, minimum 1. */
export function serialEntrySize(entry: number | string, total: number): number {
  if (typeof entry === 'string' && entry.trim().endsWith('%')) {
    const pct = Number(entry.trim().slice(0, -1));
    if (!Number.isFinite(pct)) throw new Error(`serial: '${entry}' is not a percentage`);
    return Math.max(1, Math.floor((total * pct) / 100));
  }
  const n = Number(entry);
  if (!Number.isFinite(n) || n < 0) throw new Error(`serial: '${entry}' is not a number or percentage`);
  return n === 0 ? total : Math.floor(n);
}

/** Splits hosts into batches; no serial means one batch with every host. */
export function serialBatches(hosts: string[], serial: Array<number | string> | undefined): string[][] {
  if (!serial || serial.length === 0 || hosts.length === 0) return hosts.length ? [hosts] : [];
  const batches: string[][] = [];
  let index = 0;
  let entry = 0;
  while (index < hosts.length) {
    const size = Math.max(1, serialEntrySize(serial[Math.min(entry, serial.length - 1)]!, hosts.length));
    batches.push(hosts.slice(index, index + size));
    index += size;
    entry++;
  }
  return batches;
}
