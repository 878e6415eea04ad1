// The report record -> the compact data the page script draws: hosts and tasks once, each result
// as a short array, diffs rendered to unified text on the controller (the page needs no library).
import { renderDiffs } from '../diff.ts';
import type { ReportRecord } from '../record.ts';
import type { JsonHostRecord } from '../json.ts';

export const STATUSES = ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued'] as const;

/** One host's result of one task: [host index, status index, start ms, duration ms, message, diff text] */
export type ViewResult = [number, number, number, number, string, string];

export interface ViewTask {
  play: number;
  name: string;
  role?: string;
  handler: boolean;
  start: number;
  results: ViewResult[];
}

export interface ReportView {
  title: string;
  command: string;
  startedAt: string;
  durationMs: number;
  exitCode: number;
  check: boolean;
  diff: boolean;
  plays: string[];
  hosts: string[];
  tasks: ViewTask[];
  stats: Record<string, Record<string, number>>;
  errors: string[];
}

function statusOf(rec: JsonHostRecord): string {
  if (rec.status === 'failed' && rec.ignored) return 'ignored';
  return rec.status === 'ok' && rec.changed ? 'changed' : rec.status;
}

/** What a person needs to see of a result: the message, and stderr/stdout of a failed command. */
function messageOf(rec: JsonHostRecord): string {
  const parts: string[] = [];
  if (rec.msg !== undefined && rec.msg !== '') parts.push(typeof rec.msg === 'string' ? rec.msg : JSON.stringify(rec.msg, null, 2));
  if (rec.status === 'failed' || rec.status === 'unreachable') {
    if (typeof rec.stderr === 'string' && rec.stderr) parts.push(rec.stderr);
    else if (typeof rec.stdout === 'string' && rec.stdout) parts.push(rec.stdout);
  }
  const failedItems = (rec.items ?? []).filter((i) => i.status === 'failed');
  for (const item of failedItems)
    parts.push(`item ${JSON.stringify(item.item)}: ${typeof item.msg === 'string' ? item.msg : JSON.stringify(item.msg ?? 'failed')}`);
  return parts.join('\n').slice(0, 4000);
}

export function buildView(record: ReportRecord): ReportView {
  const hosts: string[] = [];
  const hostIndex = new Map<string, number>();
  const indexOf = (h: string) => {
    let i = hostIndex.get(h);
    if (i === undefined) hostIndex.set(h, (i = hosts.push(h) - 1));
    return i;
  };
  for (const h of Object.keys(record.stats).sort()) indexOf(h);
  const tasks: ViewTask[] = [];
  record.plays.forEach((play, p) => {
    play.hosts.forEach(indexOf);
    play.tasks.forEach((task, t) => {
      const start = record.report.task_start_ms[p]?.[t] ?? 0;
      const hostStarts = record.report.host_start_ms[p]?.[t] ?? {};
      const results: ViewResult[] = Object.entries(task.hosts).map(([host, rec]) => {
        const begin = hostStarts[host] ?? start;
        return [
          indexOf(host),
          STATUSES.indexOf(statusOf(rec) as (typeof STATUSES)[number]),
          begin,
          rec.duration_ms,
          messageOf(rec),
          Array.isArray(rec.diff) || record.report.diff ? renderDiffs(rec.diff) : '',
        ];
      });
      tasks.push({ play: p, name: task.name, ...(task.role ? { role: task.role } : {}), handler: task.handler, start, results });
    });
  });
  return {
    title: record.report.playbook,
    command: record.report.command.join(' '),
    startedAt: record.report.started_at,
    durationMs: record.duration_ms ?? 0,
    exitCode: record.exit_code ?? 0,
    check: record.report.check,
    diff: record.report.diff,
    plays: record.plays.map((p) => p.name),
    hosts,
    tasks,
    stats: record.stats as unknown as Record<string, Record<string, number>>,
    errors: record.errors ?? [],
  };
}
