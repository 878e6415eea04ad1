// Before and after: warren's medians of two result files side by side (and Ansible's, to show the
// two runs saw comparable machines). Usage: npx tsx bench/compare.ts BEFORE.json AFTER.json
import { readFile } from 'node:fs/promises';
import type { BenchResult, Row } from './lib/report.ts';
import { seconds } from './lib/stats.ts';

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: npx tsx bench/compare.ts BEFORE.json AFTER.json');
const load = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as BenchResult;
const [before, after] = await Promise.all([load(beforeFile), load(afterFile)]);

const key = (r: Row) => `${r.workload}/${r.hosts}`;
const ms = (r: Row | undefined, tool: 'warren' | 'ansible' | 'floor') => r?.[tool]?.median;
const cell = (value: number | undefined) => (value === undefined ? '-' : seconds(value));
const lines = [['workload', 'hosts', 'warren before', 'warren after', 'faster', 'ansible before', 'ansible after', 'ratio before', 'ratio after']];
for (const row of after.rows) {
  const old = before.rows.find((r) => key(r) === key(row));
  const tool = row.warren ? 'warren' : 'floor';
  const b = ms(old, tool);
  const a = ms(row, tool);
  lines.push([
    row.workload,
    String(row.hosts),
    cell(b),
    cell(a),
    b && a ? `${(b / a).toFixed(2)}x` : '',
    cell(ms(old, 'ansible')),
    cell(ms(row, 'ansible')),
    old?.ratio ? `${old.ratio.toFixed(1)}x` : '',
    row.ratio ? `${row.ratio.toFixed(1)}x` : '',
  ]);
}
const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
console.log(`before: ${beforeFile} (${before.machine.date}), after: ${afterFile} (${after.machine.date})`);
console.log(lines.map((l) => l.map((v, c) => (c < 1 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ')).join('\n'));
console.log(`peak memory at ${after.memory.hosts} hosts: ${before.memory.warrenPeakMiB ?? '-'} MiB before, ${after.memory.warrenPeakMiB ?? '-'} MiB after`);
for (const t of after.targets) {
  const old = before.targets.find((o) => o.name === t.name);
  console.log(`  [${t.met ? 'met' : 'MISSED'}] ${t.name}: ${old ? `${old.figure} -> ` : ''}${t.figure}`);
}
