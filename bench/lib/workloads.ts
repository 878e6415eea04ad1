// The timed workloads: fact gathering and the 20-task playbook (first run and converged re-run),
// the two tools alternating; each converged run also checks the tree the other tool wrote.
import { join } from 'node:path';
import { measureFloor } from './floor.ts';
import type { BenchLab } from './inventory.ts';
import { groupFor } from './inventory.ts';
import { playbookDir, requireClean, runTool, runWarren, type BenchContext, type Tool } from './tools.ts';

export type Workload = 'facts' | 'first' | 'converged' | 'floor' | 'shellFloor';

export interface Sample {
  tool: Tool | 'floor';
  workload: Workload;
  hosts: number;
  ms: number;
  peakRssKb?: number;
  /** converged runs: tasks reported changed (0 = the run really was a no-op) */
  changed?: number;
  /** converged runs: which tool wrote the tree */
  treeBy?: Tool;
}

const other = (tool: Tool): Tool => (tool === 'warren' ? 'ansible' : 'warren');

async function reset(ctx: BenchContext, limit: string, hosts: number): Promise<void> {
  requireClean('reset', await runWarren(ctx, join(playbookDir(ctx), 'reset.yml'), limit), hosts);
}

export async function factsWorkload(ctx: BenchContext, hosts: number, samples: Sample[]): Promise<void> {
  const limit = groupFor(hosts);
  for (let run = 0; run < ctx.runs; run++) {
    const order: Tool[] = run % 2 === 0 ? ['warren', 'ansible'] : ['ansible', 'warren'];
    for (const tool of order) {
      const m = requireClean(`${tool} facts on ${hosts}`, await runTool(ctx, tool, 'facts.yml', limit), hosts);
      samples.push({ tool, workload: 'facts', hosts, ms: m.ms, peakRssKb: m.peakRssKb });
    }
  }
}

/** reset; `first` writes the tree; `first` converges it; then the other tool re-runs on it. */
async function tasksBlock(ctx: BenchContext, first: Tool, hosts: number, samples: Sample[]): Promise<void> {
  const limit = groupFor(hosts);
  await reset(ctx, limit, hosts);
  const fresh = requireClean(`${first} first run on ${hosts}`, await runTool(ctx, first, 'tasks20.yml', limit), hosts);
  samples.push({ tool: first, workload: 'first', hosts, ms: fresh.ms, peakRssKb: fresh.peakRssKb });
  for (const tool of [first, other(first)]) {
    const m = requireClean(`${tool} converged run on ${hosts}`, await runTool(ctx, tool, 'tasks20.yml', limit), hosts);
    samples.push({ tool, workload: 'converged', hosts, ms: m.ms, peakRssKb: m.peakRssKb, changed: m.recap.changed, treeBy: first });
  }
}

export async function tasksWorkload(ctx: BenchContext, hosts: number, samples: Sample[]): Promise<void> {
  for (let run = 0; run < ctx.runs; run++) {
    const order: Tool[] = run % 2 === 0 ? ['warren', 'ansible'] : ['ansible', 'warren'];
    for (const tool of order) await tasksBlock(ctx, tool, hosts, samples);
  }
}

/** Both floors; returns the per-command medians (channel per command, persistent shell). */
export async function floorWorkload(ctx: BenchContext, lab: BenchLab, hosts: number, samples: Sample[]): Promise<{ floorMs: number; shellFloorMs: number }> {
  const perCommand = async (kind: 'channel' | 'shell', workload: Workload) => {
    const floor = await measureFloor(lab, hosts, 20, ctx.runs, kind);
    for (const f of floor) samples.push({ tool: 'floor', workload, hosts, ms: f.ms });
    const sorted = floor.map((f) => f.perCommandMs).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return { floorMs: await perCommand('channel', 'floor'), shellFloorMs: await perCommand('shell', 'shellFloor') };
}

interface JsonRun {
  plays: Array<{ tasks: Array<{ hosts: Record<string, { duration_ms: number }> }> }>;
}

/**
 * warren's own per-task time on each host of a converged run (--json), tasks 2..N: the first task
 * also opens the connection. Returns the median host's mean per task, in ms.
 */
export async function warrenPerTaskMs(ctx: BenchContext, hosts: number): Promise<number> {
  const m = await runWarren(ctx, join(playbookDir(ctx), 'tasks20.yml'), groupFor(hosts), ['--json']);
  if (m.code !== 0) throw new Error(`warren --json converged run on ${hosts}: exit code ${m.code}\n${m.stderr}`);
  const record = JSON.parse(m.stdout) as JsonRun;
  const tasks = record.plays.flatMap((play) => play.tasks).slice(1);
  const perHost = new Map<string, number[]>();
  for (const task of tasks) for (const [host, r] of Object.entries(task.hosts)) perHost.set(host, [...(perHost.get(host) ?? []), r.duration_ms]);
  const means = [...perHost.values()].map((d) => d.reduce((a, b) => a + b, 0) / d.length).sort((a, b) => a - b);
  return means[Math.floor(means.length / 2)]!;
}
