// `warren report`: earlier runs side by side and two runs compared (which tasks' outcomes
// differ, which got slower), summarised per task so it stays readable at 200 hosts x 50 tasks.
import type { ReportRecord } from './record.ts';

export interface TaskSummary {
  key: string; // play name + task title + occurrence, stable across runs of one playbook
  title: string;
  statusOf: Map<string, string>; // host -> ok/changed/failed/skipped/unreachable/ignored
  spanMs: number; // first host start to last host end
}

const title = (t: { name: string; role?: string; handler: boolean }) => `${t.handler ? 'RUNNING HANDLER' : 'TASK'} [${t.role ? `${t.role} : ` : ''}${t.name}]`;

export function taskSummaries(record: ReportRecord): TaskSummary[] {
  const seen = new Map<string, number>();
  const out: TaskSummary[] = [];
  record.plays.forEach((play, p) => {
    play.tasks.forEach((task, t) => {
      const base = `${play.name} / ${title(task)}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const starts = record.report?.host_start_ms?.[p]?.[t] ?? {};
      const statusOf = new Map<string, string>();
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      for (const [host, rec] of Object.entries(task.hosts)) {
        statusOf.set(host, rec.status === 'failed' && rec.ignored ? 'ignored' : rec.status === 'ok' && rec.changed ? 'changed' : rec.status);
        const start = starts[host] ?? 0;
        first = Math.min(first, start);
        last = Math.max(last, start + rec.duration_ms);
      }
      out.push({ key: n > 1 ? `${base} #${n}` : base, title: title(task), statusOf, spanMs: first === Number.POSITIVE_INFINITY ? 0 : last - first });
    });
  });
  return out;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function counts(statusOf: Map<string, string>): string {
  const c = new Map<string, number>();
  for (const s of statusOf.values()) c.set(s, (c.get(s) ?? 0) + 1);
  return (
    [...c]
      .sort()
      .map(([s, n]) => `${s} ${n}`)
      .join(', ') || 'no hosts'
  );
}

function hostList(hosts: string[], max = 4): string {
  return hosts.length <= max ? hosts.join(', ') : `${hosts.slice(0, max).join(', ')}, … +${hosts.length - max}`;
}

export interface Comparison {
  outcomes: Array<{ task: string; before: string; after: string; moves: Array<{ from: string; to: string; hosts: string[] }> }>;
  slower: Array<{ task: string; beforeMs: number; afterMs: number }>;
  faster: Array<{ task: string; beforeMs: number; afterMs: number }>;
  added: string[];
  removed: string[];
}

/** Slower means at least 20% and 100 ms more wall time for the task across its hosts. */
export function compareRuns(a: ReportRecord, b: ReportRecord): Comparison {
  const before = new Map(taskSummaries(a).map((t) => [t.key, t]));
  const after = taskSummaries(b);
  const result: Comparison = { outcomes: [], slower: [], faster: [], added: [], removed: [] };
  for (const t of after) {
    const old = before.get(t.key);
    if (!old) {
      result.added.push(t.key);
      continue;
    }
    before.delete(t.key);
    const moves = new Map<string, string[]>();
    for (const host of new Set([...old.statusOf.keys(), ...t.statusOf.keys()])) {
      const from = old.statusOf.get(host) ?? 'absent';
      const to = t.statusOf.get(host) ?? 'absent';
      if (from !== to) moves.set(`${from}\0${to}`, [...(moves.get(`${from}\0${to}`) ?? []), host]);
    }
    if (moves.size) {
      result.outcomes.push({
        task: t.key,
        before: counts(old.statusOf),
        after: counts(t.statusOf),
        moves: [...moves].map(([k, hosts]) => ({ from: k.split('\0')[0]!, to: k.split('\0')[1]!, hosts: hosts.sort() })),
      });
    }
    const diff = t.spanMs - old.spanMs;
    const entry = { task: t.key, beforeMs: old.spanMs, afterMs: t.spanMs };
    if (diff >= 100 && t.spanMs >= old.spanMs * 1.2) result.slower.push(entry);
    else if (-diff >= 100 && old.spanMs >= t.spanMs * 1.2) result.faster.push(entry);
  }
  result.removed = [...before.keys()];
  result.slower.sort((x, y) => y.afterMs - y.beforeMs - (x.afterMs - x.beforeMs));
  result.faster.sort((x, y) => x.afterMs - x.beforeMs - (y.afterMs - y.beforeMs));
  return result;
}

export function formatComparison(aName: string, a: ReportRecord, bName: string, b: ReportRecord, c: Comparison): string {
  const lines = [`comparing ${aName} -> ${bName}`];
  lines.push(
    `  exit ${a.exit_code ?? '?'} -> ${b.exit_code ?? '?'}, took ${formatDuration(a.duration_ms ?? 0)} -> ${formatDuration(b.duration_ms ?? 0)}, hosts ${Object.keys(a.stats).length} -> ${Object.keys(b.stats).length}`,
  );
  lines.push('', `tasks whose outcome changed (${c.outcomes.length}):`);
  for (const o of c.outcomes) {
    lines.push(`  ${o.task}`, `      ${o.before}  ->  ${o.after}`);
    for (const m of o.moves) lines.push(`      ${m.from} -> ${m.to}: ${hostList(m.hosts)}`);
  }
  if (!c.outcomes.length) lines.push('  none');
  const timing = (label: string, list: Comparison['slower']) => {
    lines.push('', `${label} (${list.length}):`);
    for (const s of list)
      lines.push(
        `  ${s.task}  ${formatDuration(s.beforeMs)} -> ${formatDuration(s.afterMs)} (${s.afterMs >= s.beforeMs ? '+' : ''}${formatDuration(s.afterMs - s.beforeMs)}${s.beforeMs ? `, ${Math.round((100 * (s.afterMs - s.beforeMs)) / s.beforeMs)}%` : ''})`,
      );
    if (!list.length) lines.push('  none');
  };
  timing('slower tasks (+20% and +100 ms or more)', c.slower);
  timing('faster tasks', c.faster);
  if (c.added.length) lines.push('', `new tasks (${c.added.length}):`, ...c.added.map((t) => `  ${t}`));
  if (c.removed.length) lines.push('', `tasks no longer run (${c.removed.length}):`, ...c.removed.map((t) => `  ${t}`));
  return `${lines.join('\n')}\n`;
}
