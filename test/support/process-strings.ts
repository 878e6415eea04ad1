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

/** Scans every process every 100 ms while `running` is pending; resolves with its result and what was seen. */
export async function processStringsWhile<T>(running: Promise<T>): Promise<{ result: T; seen: string }> {
  let done = false;
  void running.finally(() => {
    done = true;
  });
  let seen = '';
  while (!done) {
    seen += processStrings();
    await new Promise((r) => setTimeout(r, 100));
  }
  return { result: await running, seen };
}
