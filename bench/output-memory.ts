// `npx tsx bench/output-memory.ts [MB ...]`: peak memory and time of warren running one local
// `shell` task that prints MB megabytes of short lines (default 50 and 200). Output is capped at
// src/connection/output-cap.ts's MAX_OUTPUT_BYTES, so the peak should stay flat as MB grows.
// A benchmark that prints figures, not a test: no lab, no root needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const dir = mkdtempSync(join(tmpdir(), 'warren-bench-output-'));
writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
try {
  for (const mb of sizes.length ? sizes : [50, 200]) {
    const play = join(dir, `out-${mb}.yml`);
    writeFileSync(
      play,
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - shell: yes 'a short line' | head -c ${mb}M\n      register: r\n    - debug: msg="{{ r.stdout | length }} chars kept"\n`,
    );
    const rssFile = join(dir, `rss-${mb}.json`);
    const started = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      ['--import', join(root, 'bench/lib/peak-rss.mjs'), join(root, 'bin/run-playbook.js'), play, '-i', join(dir, 'inventory.ini')],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { ...process.env, NO_COLOR: '1', WARREN_BENCH_RSS_FILE: rssFile },
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { maxRSS } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number };
    const kept = /(\d+) chars kept/.exec(r.stdout)?.[1] ?? '?';
    console.log(`${mb} MB of output: exit ${r.status}, peak RSS ${(maxRSS / 1024).toFixed(0)} MiB, ${seconds.toFixed(1)} s, ${kept} chars kept`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
