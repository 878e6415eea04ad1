// What an attacker on the same machine can read of other processes: every argv and environment.
import { readdirSync, readFileSync } from 'node:fs';

/** argv and environment of every process this user may read, joined by newlines. */
export function processStrings(): string {
  const parts: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    for (const file of ['cmdline', 'environ']) {
      try {
        parts.push(readFileSync(`/proc/${pid}/${file}`, 'latin1'));
      } catch {
        // gone, or not ours to read
      }
    }
  }
  return parts.join('\n');
}
