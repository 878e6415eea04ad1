// Before and after: warren's medians of two result files side by side (and Ansible's, to show the
// two runs saw comparable machines). Usage: npx tsx bench/compare.ts BEFORE.json AFTER.json
import { readFile } from 'node:fs/promises';
import type { BenchResult, Row } from './lib/report.ts';
import { seconds, type Summary } from './lib/stats.ts';

/** Result files before the peers came in (2026-11) had warren/ansible/ratio on the row itself. */
type AnyRow = Row & { warren?: Summary; ansible?: Summary; ratio?: number };
type AnyResult = Omit<BenchResult, 'rows' | 'memory'> & { rows: AnyRow[]; memory: { hosts: number; peakMiB?: { warren?: number }; warrenPeakMiB?: number } };

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: npx tsx bench/compare.ts BEFORE.json AFTER.json');
const load = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as AnyResult;
const [before, after] = await Promise.all([load(beforeFile), load(afterFile)]);

const key = (r: AnyRow) => `${r.workload}/${r.hosts}`;
const ms = (r: AnyRow | undefined, tool: 'warren' | 'ansible' | 'floor') => (tool === 'floor' ? r?.floor : (r?.tools?.[tool] ?? r?.[tool]))?.median;
const ratio = (r: AnyRow | undefined) => r?.ratios?.ansible ?? r?.ratio;
const peak = (result: AnyResult) => result.memory.peakMiB?.warren ?? result.memory.warrenPeakMiB ?? '-';
const cell = (value: number | undefined) => (value === undefined ? '-' : seconds(value));
const lines = [['workload', 'hosts', 'warren before', 'warren after', 'faster', 'ansible before', 'ansible after', 'ratio before', 'ratio after']];
for (const row of after.rows) {
  const old = before.rows.find((r) => key(r) === key(row));
  const tool = ms(row, 'warren') !== undefined ? 'warren' : 'floor';
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
    ratio(old) ? `${ratio(old)!.toFixed(1)}x` : '',
    ratio(row) ? `${ratio(row)!.toFixed(1)}x` : '',
  ]);
}
const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
console.log(`before: ${beforeFile} (${before.machine.date}), after: ${afterFile} (${after.machine.date})`);
console.log(lines.map((l) => l.map((v, c) => (c < 1 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ')).join('\n'));
console.log(`peak memory at ${after.memory.hosts} hosts: ${peak(before)} MiB before, ${peak(after)} MiB after`);
for (const t of after.targets) {
  const old = before.targets.find((o) => o.name === t.name);
  console.log(`  [${t.met ? 'met' : 'MISSED'}] ${t.name}: ${old ? `${old.figure} -> ` : ''}${t.figure}`);
}
