// The timed workloads: fact gathering and the 20-task playbook (first run and converged re-run),
// the tools alternating (each round starts with the next tool); each tool's first run is checked
// against warren's tree, and each tree also gets a converged run by the next tool.
import { join } from 'node:path';
import { compareTrees, snapshotTrees, type Equivalence, type Trees } from './equivalence.ts';
import { measureFloor } from './floor.ts';
import type { BenchLab } from './inventory.ts';
import { groupFor } from './inventory.ts';
import type { Measured } from './measure.ts';
import { playbookDir, requireClean, runTool, runWarren, type BenchContext, type Job, type Tool } from './tools.ts';

export type Workload = 'facts' | 'first' | 'converged' | 'floor' | 'shellFloor';

export interface Sample {
  tool: Tool | 'floor';
  workload: Workload;
  hosts: number;
  ms: number;
  peakRssKb?: number;
  /** warren's own CPU time (user + system) */
  cpuMs?: number;
  /** the machine's busy CPU time during the run (the tool, sshd and the lab hosts, all on the same CPUs) */
  machineBusyMs?: number;
  /** converged runs: tasks reported changed (0 = the run really was a no-op) */
  changed?: number;
  /** converged runs: which tool wrote the tree */
  treeBy?: Tool;
}

/** The tools in round `run`'s order: rotated by one each round, so no tool always goes first. */
export function roundOrder(tools: Tool[], run: number): Tool[] {
  const shift = run % tools.length;
  return [...tools.slice(shift), ...tools.slice(0, shift)];
}

const cost = (m: Measured) => ({ ms: m.ms, peakRssKb: m.peakRssKb, cpuMs: m.cpuMs, machineBusyMs: m.machineBusyMs });

/** stock ansible-playbook (minutes a round at 50 hosts) may sit out the later rounds: --ansible-runs */
const toolsInRound = (ctx: BenchContext, run: number): Tool[] => ctx.tools.filter((t) => t !== 'ansible' || run < (ctx.ansibleRuns ?? ctx.runs));

/**
 * One timed run that must be clean. A peer's run that lost a host (Ansible with Mitogen lost one
 * of 50 now and then on the loaded 2-CPU machine) is run once more, and the retry is counted in
 * ctx.retries and printed; a second failure stops the bench.
 */
async function cleanRun(ctx: BenchContext, what: string, tool: Tool, job: Job, hosts: number): Promise<Measured> {
  const m = await runTool(ctx, tool, job, hosts);
  // Each figure is logged as it comes, so a run stopped halfway still leaves what it measured.
  ctx.log(`${what}: ${(m.ms / 1000).toFixed(2)} s, changed=${m.recap.changed}`);
  try {
    return requireClean(what, m, hosts);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]!;
    ctx.log(`${reason}: running it once more`);
    ctx.retries.push({ what, reason });
    return requireClean(`${what} (retried)`, await runTool(ctx, tool, job, hosts), hosts);
  }
}

async function reset(ctx: BenchContext, hosts: number): Promise<void> {
  requireClean('reset', await runWarren(ctx, join(playbookDir(ctx), 'reset.yml'), groupFor(hosts)), hosts);
}

export async function factsWorkload(ctx: BenchContext, hosts: number, samples: Sample[]): Promise<void> {
  for (let run = 0; run < ctx.runs; run++) {
    for (const tool of roundOrder(toolsInRound(ctx, run), run)) {
      const m = await cleanRun(ctx, `${tool} facts on ${hosts}`, tool, 'facts', hosts);
      samples.push({ tool, workload: 'facts', hosts, ...cost(m) });
    }
  }
}

/** reset; `first` writes the tree (kept for the equivalence check); `first` converges it; then `next` re-runs on it. */
async function tasksBlock(ctx: BenchContext, lab: BenchLab, first: Tool, next: Tool, hosts: number, samples: Sample[], trees: Map<Tool, Trees>) {
  await reset(ctx, hosts);
  const fresh = await cleanRun(ctx, `${first} first run on ${hosts}`, first, 'tasks20', hosts);
  samples.push({ tool: first, workload: 'first', hosts, ...cost(fresh) });
  if (!trees.has(first)) trees.set(first, await snapshotTrees(lab, hosts));
  for (const tool of first === next ? [first] : [first, next]) {
    const m = await cleanRun(ctx, `${tool} converged run on ${hosts}`, tool, 'tasks20', hosts);
    samples.push({ tool, workload: 'converged', hosts, ...cost(m), changed: m.recap.changed, treeBy: first });
  }
}

/** Runs the rounds; returns how each peer's first-run tree compares with warren's. */
export async function tasksWorkload(ctx: BenchContext, lab: BenchLab, hosts: number, samples: Sample[]): Promise<Equivalence[]> {
  const trees = new Map<Tool, Trees>();
  for (let run = 0; run < ctx.runs; run++) {
    const order = roundOrder(toolsInRound(ctx, run), run);
    for (const [index, tool] of order.entries()) await tasksBlock(ctx, lab, tool, order[(index + 1) % order.length]!, hosts, samples, trees);
  }
  const reference = trees.get('warren');
  if (!reference) return [];
  return ctx.tools.filter((tool) => tool !== 'warren').map((tool) => compareTrees(tool, hosts, reference, trees.get(tool) ?? new Map()));
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
