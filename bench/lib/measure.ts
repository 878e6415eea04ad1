// Runs one timed child process: wall time, exit code, output, PLAY RECAP counts, peak memory.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecapTotals {
  hosts: number;
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
}

export interface Measured {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
  recap: RecapTotals;
  /** peak RSS of the child (KiB): getrusage in warren's process, VmHWM polling otherwise */
  peakRssKb?: number;
  /** warren only: CPU time of its process (user + system) */
  cpuMs?: number;
  /** CPU time the whole machine was busy during the run (all processes: the tool, sshd and the work on the lab hosts, and anything else running) */
  machineBusyMs?: number;
}

export interface Command {
  file: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** preload ../lib/peak-rss.mjs into a node child to read its exact ru_maxrss at exit */
  nodeRss?: boolean;
}

/** Sums the `host : ok=N changed=N ...` lines both tools print under PLAY RECAP. */
export function parseRecap(text: string): RecapTotals {
  const totals: RecapTotals = { hosts: 0, ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0 };
  const section = text.slice(text.lastIndexOf('PLAY RECAP'));
  for (const line of section.split('\n')) {
    const m = /:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)/.exec(line);
    if (!m) continue;
    totals.hosts++;
    totals.ok += Number(m[1]);
    totals.changed += Number(m[2]);
    totals.unreachable += Number(m[3]);
    totals.failed += Number(m[4]);
    totals.skipped += Number(m[5]);
  }
  return totals;
}

async function readVmHwmKb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the machine so far (/proc/stat: everything but idle and iowait), ms. */
export async function machineBusyMs(): Promise<number | undefined> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    // USER_HZ is 100 on Linux (what /proc/stat counts in).
    return ((user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 1000) / 100;
  } catch {
    return undefined;
  }
}

export async function measure(command: Command): Promise<Measured> {
  const rssFile = join(tmpdir(), `warren-bench-rss-${process.pid}-${Date.now()}`);
  const env = { ...process.env, ...command.env, ...(command.nodeRss ? { WARREN_BENCH_RSS_FILE: rssFile } : {}) };
  const args = command.nodeRss ? ['--import', new URL('./peak-rss.mjs', import.meta.url).href, ...command.args] : command.args;
  const busyBefore = await machineBusyMs();
  const start = process.hrtime.bigint();
  const child = spawn(command.file, args, { cwd: command.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let polledKb = 0;
  // VmHWM is the kernel's own high-water mark, so polling only has to read it before the exit.
  const poll = setInterval(() => {
    if (child.pid) void readVmHwmKb(child.pid).then((kb) => (polledKb = Math.max(polledKb, kb ?? 0)));
  }, 25);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const busyAfter = await machineBusyMs();
  clearInterval(poll);
  let peakRssKb: number | undefined = polledKb || undefined;
  let cpuMs: number | undefined;
  if (command.nodeRss) {
    const usage = JSON.parse(await readFile(rssFile, 'utf8').catch(() => '{}')) as { maxRSS?: number; cpuMicros?: number };
    if (usage.maxRSS) peakRssKb = usage.maxRSS;
    if (usage.cpuMicros) cpuMs = usage.cpuMicros / 1000;
    await rm(rssFile, { force: true });
  }
  const machine = busyBefore !== undefined && busyAfter !== undefined ? busyAfter - busyBefore : undefined;
  return { ms, code, stdout, stderr, recap: parseRecap(stdout), peakRssKb, cpuMs, machineBusyMs: machine };
}
