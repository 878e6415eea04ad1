// Reads run.json files, prints the run list or a comparison of two runs.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ExitCode, OptionsError, WarrenError } from '../core/errors.ts';
import { compareRuns, formatComparison, formatDuration } from '../report/compare.ts';
import type { ReportRecord } from '../report/record.ts';
import type { ReportFlags } from './report-flags.ts';

interface Run {
  dir: string;
  record: ReportRecord;
}

async function readRun(dir: string): Promise<Run> {
  const file = join(dir, 'run.json');
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as ReportRecord;
    if (!record.plays || !record.stats) throw new Error('not a warren run record');
    return { dir, record };
  } catch (err) {
    throw new WarrenError(`${file}: ${(err as Error).message}`, ExitCode.badInput);
  }
}

/** DIR itself when it holds run.json, else its subdirectories that do. */
async function runsIn(dir: string): Promise<Run[]> {
  if (existsSync(join(dir, 'run.json'))) return [await readRun(dir)];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new OptionsError(`${dir}: no such directory`);
  });
  const runs = entries.filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'run.json')));
  return Promise.all(runs.map((e) => readRun(join(dir, e.name))));
}

function listing(runs: Run[]): string {
  const rows = runs.map(({ dir, record }) => {
    const stats = Object.values(record.stats);
    const sum = (k: 'ok' | 'changed' | 'failed' | 'unreachable') => stats.reduce((n, s) => n + (s[k] ?? 0), 0);
    return [
      (record.report?.started_at ?? '').replace('T', ' ').replace(/\.\d+Z$/, ''),
      relative(process.cwd(), dir) || '.',
      String(record.exit_code ?? ''),
      formatDuration(record.duration_ms ?? 0),
      String(stats.length),
      String(sum('ok')),
      String(sum('changed')),
      String(sum('failed')),
      String(sum('unreachable')),
      (record.report?.playbook ?? '').split('/').pop() ?? '',
    ];
  });
  const head = ['started (UTC)', 'dir', 'exit', 'took', 'hosts', 'ok', 'changed', 'failed', 'unreachable', 'playbook'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

export async function reportCommand(dirs: string[], flags: ReportFlags): Promise<number> {
  try {
    const runs = (await Promise.all(dirs.map(runsIn))).flat();
    runs.sort((a, b) => (a.record.report?.started_at ?? '').localeCompare(b.record.report?.started_at ?? ''));
    if (flags.compare) {
      if (runs.length !== 2) throw new OptionsError(`--compare needs exactly two runs (found ${runs.length})`);
      const [a, b] = [await readRun(dirs.length === 2 ? dirs[0]! : runs[0]!.dir), await readRun(dirs.length === 2 ? dirs[1]! : runs[1]!.dir)];
      const c = compareRuns(a.record, b.record);
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(c, null, 2)}\n`
          : formatComparison(relative(process.cwd(), a.dir) || a.dir, a.record, relative(process.cwd(), b.dir) || b.dir, b.record, c),
      );
      return ExitCode.ok;
    }
    if (!runs.length) throw new OptionsError(`no run.json under ${dirs.join(', ')}`);
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(
            runs.map((r) => ({
              dir: r.dir,
              started_at: r.record.report?.started_at,
              exit_code: r.record.exit_code,
              duration_ms: r.record.duration_ms,
              stats: r.record.stats,
            })),
            null,
            2,
          )}\n`
        : listing(runs),
    );
    return ExitCode.ok;
  } catch (err) {
    process.stderr.write(`ERROR! ${(err as Error).message}\n`);
    return err instanceof WarrenError ? err.exitCode : ExitCode.error;
  }
}
