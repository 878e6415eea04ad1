// Turns the samples into the summary (medians, spreads, ratios, growth, targets) and prints it.
import type { MachineInfo } from './machine.ts';
import type { RabbitmqResult } from './rabbitmq.ts';
import type { TemplateBenchResult } from './template-workload.ts';
import { medianAndSpread, seconds, summarize, type Summary } from './stats.ts';
import type { Sample, Workload } from './workloads.ts';

export interface Row {
  workload: Workload;
  hosts: number;
  warren?: Summary;
  ansible?: Summary;
  floor?: Summary;
  /** ansible median / warren median */
  ratio?: number;
}

export interface PerTask {
  hosts: number;
  warrenMs: number;
  /** one `true` on its own SSH channel (the issue's floor) */
  floorMs: number;
  /** one `true` through a persistent shell */
  shellFloorMs?: number;
}

export interface Target {
  name: string;
  met: boolean;
  figure: string;
}

export interface BenchResult {
  machine: MachineInfo;
  options: { runs: number; forks: number; hostCounts: number[] };
  rows: Row[];
  perTask: PerTask[];
  memory: { warrenPeakMiB?: number; ansiblePeakMiB?: number; hosts: number };
  notConverged: Array<{ tool: string; hosts: number; treeBy?: string; changed: number }>;
  rabbitmq?: RabbitmqResult | { skipped: string };
  templates?: TemplateBenchResult;
  targets: Target[];
  samples: Sample[];
}

const LABELS: Record<Workload, string> = {
  facts: 'fact gathering',
  first: '20 tasks, first run',
  converged: '20 tasks, converged',
  floor: 'floor: 20 x true, a channel each',
  shellFloor: 'floor: 20 x true, one shell',
};

export function buildRows(samples: Sample[], hostCounts: number[]): Row[] {
  const rows: Row[] = [];
  for (const workload of ['facts', 'first', 'converged', 'floor', 'shellFloor'] as Workload[]) {
    for (const hosts of hostCounts) {
      const of = (tool: string) => summarize(samples.filter((s) => s.tool === tool && s.workload === workload && s.hosts === hosts).map((s) => s.ms));
      const row: Row = { workload, hosts, warren: of('warren'), ansible: of('ansible'), floor: of('floor') };
      if (row.warren && row.ansible) row.ratio = row.ansible.median / row.warren.median;
      if (row.warren || row.ansible || row.floor) rows.push(row);
    }
  }
  return rows;
}

export function peakMiB(samples: Sample[], tool: string, hosts: number): number | undefined {
  const kb = Math.max(0, ...samples.filter((s) => s.tool === tool && s.hosts === hosts).map((s) => s.peakRssKb ?? 0));
  return kb > 0 ? Math.round(kb / 102.4) / 10 : undefined;
}

export function evaluateTargets(rows: Row[], perTask: PerTask[], memory: BenchResult['memory']): Target[] {
  const targets: Target[] = [];
  for (const row of rows.filter((r) => r.workload === 'converged' && r.ratio !== undefined)) {
    targets.push({
      name: `converged re-run >= 10x faster than ansible-playbook, ${row.hosts} host(s)`,
      met: row.ratio! >= 10,
      figure: `${row.ratio!.toFixed(1)}x`,
    });
  }
  for (const p of perTask) {
    const ratio = p.warrenMs / p.floorMs;
    targets.push({
      name: `per-task cost on a converged host within 2x of the floor, ${p.hosts} host(s)`,
      met: ratio <= 2,
      figure: `${p.warrenMs.toFixed(1)} ms vs ${p.floorMs.toFixed(1)} ms = ${ratio.toFixed(2)}x`,
    });
  }
  const converged50 = rows.find((r) => r.workload === 'converged' && r.hosts === 50)?.warren;
  if (converged50) targets.push({ name: '50 hosts x 20 tasks converged under 3 s', met: converged50.median < 3000, figure: seconds(converged50.median) });
  if (memory.warrenPeakMiB !== undefined)
    targets.push({
      name: `warren peak memory at ${memory.hosts} hosts under 200 MB`,
      met: memory.warrenPeakMiB * 1.048576 < 200,
      figure: `${memory.warrenPeakMiB} MiB`,
    });
  return targets;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 1 || column === 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function growth(rows: Row[], workload: Workload, tool: 'warren' | 'ansible' | 'floor'): string | undefined {
  const list = rows.filter((r) => r.workload === workload && r[tool]).map((r) => ({ hosts: r.hosts, ms: r[tool]!.median }));
  if (list.length < 2) return undefined;
  const base = list[0]!.ms;
  return list.map((p) => `${p.hosts}: ${seconds(p.ms)}${p === list[0] ? '' : ` (x${(p.ms / base).toFixed(2)})`}`).join(' -> ');
}

export function formatReport(result: BenchResult): string {
  const m = result.machine;
  const out: string[] = [];
  out.push(
    `warren vs ansible-playbook, ${m.date}: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}, ansible-core ${m.ansibleCore ?? '-'}`,
  );
  out.push(`${result.options.runs} runs per figure, tools alternating, forks ${result.options.forks}; medians with (min–max)\n`);
  const header = ['workload', 'hosts', 'warren', 'ansible-playbook', 'ansible/warren'];
  const lines = result.rows.map((r) => [
    LABELS[r.workload],
    String(r.hosts),
    r.floor ? medianAndSpread(r.floor) : medianAndSpread(r.warren),
    medianAndSpread(r.ansible),
    r.ratio !== undefined ? `${r.ratio.toFixed(1)}x` : '',
  ]);
  out.push(table([header, ...lines]));
  out.push(
    '\nper task on a converged host (warren --json durations, tasks 2-20, median host) vs one `true` on its own channel (the floor) and through a persistent shell:',
  );
  for (const p of result.perTask) {
    const shell = p.shellFloorMs !== undefined ? `; persistent shell ${p.shellFloorMs.toFixed(2)} ms, ${(p.warrenMs / p.shellFloorMs).toFixed(1)}x` : '';
    out.push(
      `  ${String(p.hosts).padStart(2)} host(s): warren ${p.warrenMs.toFixed(1)} ms; floor ${p.floorMs.toFixed(1)} ms, ${(p.warrenMs / p.floorMs).toFixed(2)}x${shell}`,
    );
  }
  out.push('\nwall time growth with hosts (median):');
  for (const workload of ['facts', 'first', 'converged'] as Workload[]) {
    for (const tool of ['warren', 'ansible'] as const) {
      const g = growth(result.rows, workload, tool);
      if (g) out.push(`  ${`${LABELS[workload]}, ${tool}`.padEnd(36)} ${g}`);
    }
  }
  for (const workload of ['floor', 'shellFloor'] as Workload[]) {
    const g = growth(result.rows, workload, 'floor');
    if (g) out.push(`  ${LABELS[workload].padEnd(36)} ${g}`);
  }
  const mem = result.memory;
  out.push(
    `\npeak memory at ${mem.hosts} hosts: warren ${mem.warrenPeakMiB ?? '-'} MiB (ru_maxrss of its one process); ansible-playbook ${mem.ansiblePeakMiB ?? '-'} MiB (VmHWM of its main process, forks not counted)`,
  );
  if (result.notConverged.length > 0) {
    out.push('\nconverged runs that reported changes (the tree the other tool wrote differs):');
    for (const n of result.notConverged) out.push(`  ${n.tool} on ${n.hosts} host(s), tree by ${n.treeBy}: changed=${n.changed}`);
  } else out.push('\nevery converged run reported changed=0, also on the tree the other tool wrote (same results)');
  if (result.templates) {
    const t = result.templates;
    out.push(
      `\nTemplate language (median of ${t.runs}): 1,000-line .j2 ${t.jinjaFileMs ?? '-'} ms, same as .hbs ${t.handlebarsFileMs} ms, 10,000 when ${t.when10kMs} ms`,
    );
  }
  if (result.rabbitmq && 'skipped' in result.rabbitmq) out.push(`\nRabbitMQ site.yml: skipped: ${result.rabbitmq.skipped}`);
  else if (result.rabbitmq) {
    const r = result.rabbitmq;
    const shell = r.shellFloor ? `; through one shell ${medianAndSpread(r.shellFloor)}` : '';
    out.push(
      `\nRabbitMQ site.yml converged, ${r.hosts.length} hosts, ${r.tasksPerHost} tasks on the busiest host: warren ${medianAndSpread(r.warren)}, floor (${r.tasksPerHost} x true, a channel each) ${medianAndSpread(r.floor)}, ${(r.warren.median / r.floor.median).toFixed(1)}x the floor${shell}`,
    );
  }
  out.push('\ntargets:');
  for (const t of result.targets) out.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.name}: ${t.figure}`);
  return out.join('\n');
}
