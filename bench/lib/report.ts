// Turns the samples into the summary (medians, spreads, ratios, growth, targets) and prints it.
import type { MachineInfo } from './machine.ts';
import type { RabbitmqResult } from './rabbitmq.ts';
import type { TemplateBenchResult } from './template-workload.ts';
import { medianAndSpread, seconds, summarize, type Summary } from './stats.ts';
import type { Equivalence } from './equivalence.ts';
import { peerTools, toolLabels, type Tool } from './tools.ts';
import type { Sample, Workload } from './workloads.ts';

export type Peer = Exclude<Tool, 'warren'>;

export interface Row {
  workload: Workload;
  hosts: number;
  tools: Partial<Record<Tool, Summary>>;
  floor?: Summary;
  /** the peer's median / warren's median */
  ratios: Partial<Record<Peer, number>>;
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
  options: { runs: number; ansibleRuns?: number; forks: number; hostCounts: number[] };
  versions: Partial<Record<Tool, string>>;
  rows: Row[];
  perTask: PerTask[];
  tools: Tool[];
  /** peak memory of each tool's main process at the largest host count, MiB */
  memory: { hosts: number; peakMiB: Partial<Record<Tool, number>> };
  equivalence: Equivalence[];
  notConverged: Array<{ tool: string; hosts: number; treeBy?: string; changed: number }>;
  retries?: Array<{ what: string; reason: string }>;
  /** host counts that stopped the bench (later ones did not run) */
  failures?: string[];
  rabbitmq?: RabbitmqResult | { skipped: string };
  templates?: TemplateBenchResult;
  /** bench/startup.ts's table (--all) */
  startup?: string;
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
      const row: Row = { workload, hosts, tools: {}, floor: of('floor'), ratios: {} };
      for (const tool of ['warren', ...peerTools] as Tool[]) {
        const summary = of(tool);
        if (summary) row.tools[tool] = summary;
      }
      const warren = row.tools.warren;
      for (const peer of peerTools) if (warren && row.tools[peer]) row.ratios[peer] = row.tools[peer]!.median / warren.median;
      if (Object.keys(row.tools).length > 0 || row.floor) rows.push(row);
    }
  }
  return rows;
}

export function peakMiB(samples: Sample[], tool: string, hosts: number): number | undefined {
  const kb = Math.max(0, ...samples.filter((s) => s.tool === tool && s.hosts === hosts).map((s) => s.peakRssKb ?? 0));
  return kb > 0 ? Math.round(kb / 102.4) / 10 : undefined;
}

/** The issue's speed-up targets: warren's median this many times below the peer's. */
const speedTargets: Array<{ workload: Workload; peer: Peer; times: number }> = [
  { workload: 'converged', peer: 'ansible', times: 10 },
  { workload: 'converged', peer: 'mitogen', times: 10 },
  { workload: 'converged', peer: 'pyinfra', times: 5 },
  { workload: 'first', peer: 'pyinfra', times: 3 },
];

const MB = 1e6 / 1048576;

export function evaluateTargets(rows: Row[], perTask: PerTask[], memory: BenchResult['memory']): Target[] {
  const targets: Target[] = [];
  for (const { workload, peer, times } of speedTargets) {
    for (const row of rows.filter((r) => r.workload === workload && r.ratios[peer] !== undefined)) {
      const ratio = row.ratios[peer]!;
      targets.push({
        name: `${workload === 'first' ? 'first run' : 'converged re-run'} >= ${times}x faster than ${toolLabels[peer]}, ${row.hosts} host(s)`,
        met: ratio >= times,
        figure: `${ratio.toFixed(1)}x`,
      });
    }
  }
  for (const p of perTask) {
    const ratio = p.warrenMs / p.floorMs;
    targets.push({
      name: `per-task cost on a converged host within 2x of the floor, ${p.hosts} host(s)`,
      met: ratio <= 2,
      figure: `${p.warrenMs.toFixed(1)} ms vs ${p.floorMs.toFixed(1)} ms = ${ratio.toFixed(2)}x`,
    });
  }
  for (const [hosts, limitMs] of [
    [50, 3000],
    [200, 6000],
  ] as const) {
    const converged = rows.find((r) => r.workload === 'converged' && r.hosts === hosts)?.tools.warren;
    if (converged)
      targets.push({
        name: `${hosts} hosts x 20 tasks converged under ${limitMs / 1000} s`,
        met: converged.median < limitMs,
        figure: seconds(converged.median),
      });
  }
  const warrenPeak = memory.peakMiB.warren;
  if (warrenPeak !== undefined) {
    const limit = memory.hosts >= 200 ? 300 : 200;
    targets.push({ name: `warren peak memory at ${memory.hosts} hosts under ${limit} MB`, met: warrenPeak < limit * MB, figure: `${warrenPeak} MiB` });
  }
  return targets;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function growth(rows: Row[], workload: Workload, tool: Tool | 'floor'): string | undefined {
  const points = rows
    .filter((r) => r.workload === workload)
    .flatMap((r) => {
      const summary = tool === 'floor' ? r.floor : r.tools[tool];
      return summary ? [{ hosts: r.hosts, ms: summary.median }] : [];
    });
  if (points.length < 2) return undefined;
  const base = points[0]!.ms;
  return points.map((p, index) => `${p.hosts}: ${seconds(p.ms)}${index === 0 ? '' : ` (x${(p.ms / base).toFixed(2)})`}`).join(' -> ');
}

const median = (values: number[]): number | undefined => summarize(values)?.median;

/** warren's converged runs by host count: its own CPU time, the machine's busy time, peak memory. */
function costLines(result: BenchResult): string[] {
  const out = [
    "\nwarren's converged run by host count (medians): its process's CPU time; the machine's busy CPU time (warren, sshd and the work on the lab hosts, which share the CPUs); peak memory:",
  ];
  for (const hosts of result.options.hostCounts) {
    const runs = result.samples.filter((s) => s.tool === 'warren' && s.workload === 'converged' && s.hosts === hosts);
    if (runs.length === 0) continue;
    const cpu = median(runs.flatMap((s) => (s.cpuMs !== undefined ? [s.cpuMs] : [])));
    const busy = median(runs.flatMap((s) => (s.machineBusyMs !== undefined ? [s.machineBusyMs] : [])));
    const peak = Math.max(...runs.map((s) => s.peakRssKb ?? 0)) / 1024;
    out.push(
      `  ${String(hosts).padStart(3)} host(s): wall ${seconds(median(runs.map((s) => s.ms))!)}, warren CPU ${cpu === undefined ? '-' : seconds(cpu)}, machine busy ${busy === undefined ? '-' : seconds(busy)}, peak ${peak.toFixed(1)} MiB`,
    );
  }
  return out.length > 1 ? out : [];
}

function equivalenceLines(result: BenchResult): string[] {
  if (result.equivalence.length === 0) return [];
  const out = ["\nequivalence: each tool's first-run tree (/opt/warren-bench: paths, types, modes, owners, link targets, SHA-256) vs warren's, same host:"];
  for (const e of result.equivalence) {
    const total = e.hosts;
    if (!e.difference) out.push(`  ${toolLabels[e.tool]}, ${e.hosts} host(s): the same on all ${total}`);
    else {
      out.push(`  ${toolLabels[e.tool]}, ${e.hosts} host(s): DIFFERENT on ${total - e.same}; first, ${e.difference.host}:`);
      for (const line of e.difference.lines.slice(0, 12)) out.push(`      ${line}`);
    }
  }
  return out;
}

export function formatReport(result: BenchResult): string {
  const m = result.machine;
  const tools = result.tools;
  const peers = tools.filter((t): t is Peer => t !== 'warren');
  const out: string[] = [];
  const versions = tools.map((t) => `${toolLabels[t]} ${result.versions[t] ?? '-'}`).join(', ');
  out.push(
    `${tools.map((t) => toolLabels[t]).join(' vs ')}, ${m.date}: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}`,
  );
  out.push(`${versions}`);
  const ansibleRuns = result.options.ansibleRuns ?? result.options.runs;
  const fewer = tools.includes('ansible') && ansibleRuns < result.options.runs ? ` (ansible-playbook ${ansibleRuns})` : '';
  out.push(`${result.options.runs} runs per figure${fewer}, tools alternating, forks/parallel ${result.options.forks}; medians with (min–max)\n`);
  const header = ['workload', 'hosts', ...tools.map((t) => toolLabels[t]), ...peers.map((p) => `${p}/warren`)];
  const lines = result.rows.map((r) => [
    LABELS[r.workload],
    String(r.hosts),
    ...tools.map((t, index) => (index === 0 && r.floor ? medianAndSpread(r.floor) : medianAndSpread(r.tools[t]))),
    ...peers.map((p) => (r.ratios[p] !== undefined ? `${r.ratios[p]!.toFixed(1)}x` : '')),
  ]);
  out.push(table([header, ...lines]));
  out.push(
    '\nper task on a converged host (warren --json durations, tasks 2-20, median host) vs one `true` on its own channel (the floor) and through a persistent shell:',
  );
  for (const p of result.perTask) {
    const shell = p.shellFloorMs !== undefined ? `; persistent shell ${p.shellFloorMs.toFixed(2)} ms, ${(p.warrenMs / p.shellFloorMs).toFixed(1)}x` : '';
    out.push(
      `  ${String(p.hosts).padStart(3)} host(s): warren ${p.warrenMs.toFixed(1)} ms; floor ${p.floorMs.toFixed(1)} ms, ${(p.warrenMs / p.floorMs).toFixed(2)}x${shell}`,
    );
  }
  out.push('\nwall time growth with hosts (median):');
  for (const workload of ['facts', 'first', 'converged'] as Workload[]) {
    for (const tool of tools) {
      const g = growth(result.rows, workload, tool);
      if (g) out.push(`  ${`${LABELS[workload]}, ${toolLabels[tool]}`.padEnd(40)} ${g}`);
    }
  }
  for (const workload of ['floor', 'shellFloor'] as Workload[]) {
    const g = growth(result.rows, workload, 'floor');
    if (g) out.push(`  ${LABELS[workload].padEnd(40)} ${g}`);
  }
  const mem = result.memory;
  const peaks = tools.map((t) => `${toolLabels[t]} ${mem.peakMiB[t] ?? '-'} MiB`).join(', ');
  out.push(`\npeak memory at ${mem.hosts} hosts: ${peaks} (warren: ru_maxrss of its one process; the others: VmHWM of the main process, children not counted)`);
  out.push(...costLines(result));
  out.push(...equivalenceLines(result));
  if (result.notConverged.length > 0) {
    out.push('\nconverged runs that reported changes:');
    for (const n of result.notConverged) out.push(`  ${n.tool} on ${n.hosts} host(s), tree by ${n.treeBy}: changed=${n.changed}`);
  } else out.push('\nevery converged run reported changed=0, also on the tree the previous tool wrote');
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
  if (result.startup) out.push(`\n${result.startup}`);
  for (const r of result.retries ?? []) out.push(`\nretried once: ${r.what}: ${r.reason}`);
  for (const f of result.failures ?? []) out.push(`\nSTOPPED at ${f}`);
  out.push('\ntargets:');
  for (const t of result.targets) out.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.name}: ${t.figure}`);
  return out.join('\n');
}
