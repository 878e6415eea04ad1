// `npx tsx bench/input-scale.ts [vars MB ...] [--template MB ...]`: time and peak memory of warren
// loading a vars file of MB megabytes (one flat mapping of short keys; default 1 2.5 5 10, so
// the growth can be read: linear means the time doubles with the size) and rendering a template
// of MB megabytes (default 5) to a local file. A benchmark that prints figures, not a test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const split = args.indexOf('--template');
const varsSizes = (split < 0 ? args : args.slice(0, split)).map(Number).filter((n) => n > 0);
const templateSizes = (split < 0 ? [] : args.slice(split + 1)).map(Number).filter((n) => n > 0);
const dir = mkdtempSync(join(tmpdir(), 'warren-bench-input-'));
writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');

function runWarren(name: string, play: string): { status: number | null; seconds: number; mib: number; out: string } {
  const rssFile = join(dir, `rss-${name}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['--import', join(root, 'bench/lib/peak-rss.mjs'), join(root, 'bin/run-playbook.js'), play, '-i', join(dir, 'inventory.ini')],
    { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', WARREN_BENCH_RSS_FILE: rssFile } },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let mib = Number.NaN;
  try {
    mib = (JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number }).maxRSS / 1024;
  } catch {
    // killed before it could write its figure
  }
  return { status: r.status, seconds, mib, out: `${r.stdout}${r.stderr}` };
}

try {
  for (const mb of varsSizes.length || templateSizes.length ? varsSizes : [1, 2.5, 5, 10]) {
    const line = (i: number) => `key_${i}: value number ${i} of the big mapping\n`;
    const keys = Math.round((mb * 1024 * 1024) / line(100000).length);
    const file = join(dir, `vars-${mb}.yml`);
    writeFileSync(file, Array.from({ length: keys }, (_, i) => line(i)).join(''));
    const play = join(dir, `vars-${mb}.yml.play`);
    writeFileSync(play, `- hosts: all\n  gather_facts: false\n  vars_files: [${file}]\n  tasks:\n    - debug: var=key_${keys - 1}\n`);
    const r = runWarren(`vars-${mb}`, play);
    console.log(`vars file ${mb} MB (${keys} keys): exit ${r.status}, ${r.seconds.toFixed(1)} s, peak RSS ${r.mib.toFixed(0)} MiB`);
  }
  for (const mb of templateSizes) {
    const src = join(dir, `big-${mb}.j2`);
    const block = 'static text of a big template, line {{ n }}\n{% if flag %}a conditional line\n{% endif %}';
    writeFileSync(src, block.repeat(Math.round((mb * 1024 * 1024) / block.length)));
    const dest = join(dir, `big-${mb}.out`);
    const play = join(dir, `template-${mb}.yml`);
    writeFileSync(play, `- hosts: all\n  gather_facts: false\n  vars: { n: 7, flag: true }\n  tasks:\n    - template: { src: ${src}, dest: ${dest} }\n`);
    const r = runWarren(`template-${mb}`, play);
    const size = statSync(dest, { throwIfNoEntry: false })?.size ?? 0;
    const note =
      r.status === 0
        ? `${(size / 1024 / 1024).toFixed(1)} MB written`
        : r.out
            .split('\n')
            .filter((l) => /fatal|ERROR|error/.test(l))
            .slice(0, 2)
            .join(' | ');
    console.log(`template ${mb} MB: exit ${r.status}, ${r.seconds.toFixed(1)} s, peak RSS ${r.mib.toFixed(0)} MiB, ${note}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
