// A made-up run record of any size (hosts x tasks) for report tests: what --report would write.
import type { ReportRecord } from '../../src/report/record.ts';
import type { JsonHostRecord } from '../../src/report/json.ts';

export interface SyntheticOptions {
  hosts: number;
  tasks: number;
  /** host index that fails task `failTask` */
  failHost?: number;
  failTask?: number;
  /** multiplies every duration of task index `slowTask` */
  slowTask?: number;
  slowFactor?: number;
  changedTasks?: number[];
}

export function syntheticRun(o: SyntheticOptions): ReportRecord {
  const hosts = Array.from({ length: o.hosts }, (_, i) => `node${String(i + 1).padStart(3, '0')}`);
  const tasks: ReportRecord['plays'][number]['tasks'] = [];
  const hostStarts: Array<Record<string, number>> = [];
  const taskStarts: number[] = [];
  const stats: ReportRecord['stats'] = Object.fromEntries(
    hosts.map((h) => [h, { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }]),
  );
  let clock = 0;
  for (let t = 0; t < o.tasks; t++) {
    const results: Record<string, JsonHostRecord> = {};
    const starts: Record<string, number> = {};
    let end = clock;
    hosts.forEach((h, i) => {
      if (o.failHost !== undefined && o.failTask !== undefined && i === o.failHost && t > o.failTask) return;
      const duration = (40 + ((i * 7 + t * 13) % 60)) * (t === o.slowTask ? (o.slowFactor ?? 1) : 1);
      const failed = i === o.failHost && t === o.failTask;
      const changed = !failed && (o.changedTasks ?? []).includes(t);
      results[h] = {
        status: failed ? 'failed' : 'ok',
        changed,
        duration_ms: duration,
        ...(failed ? { msg: `task ${t} broke on ${h}` } : {}),
        ...(changed ? { diff: [{ before: 'a=1\n', after: 'a=2\n', before_header: `/etc/app-${t}.conf` }] } : {}),
      };
      starts[h] = clock + (i % 5);
      end = Math.max(end, starts[h]! + duration);
      stats[h]![failed ? 'failed' : changed ? 'changed' : 'ok']++;
      if (changed) stats[h]!.ok++;
    });
    tasks.push({ name: `step ${t + 1}`, role: t % 2 ? 'app' : undefined, handler: false, hosts: results });
    taskStarts.push(clock);
    hostStarts.push(starts);
    clock = end + 2;
  }
  return {
    plays: [{ name: 'synthetic', hosts, tasks }],
    stats,
    exit_code: o.failHost !== undefined ? 2 : 0,
    duration_ms: clock + 50,
    report: {
      command: ['run-playbook', 'synthetic.yml'],
      playbook: 'synthetic.yml',
      check: false,
      diff: true,
      format: 1,
      started_at: '2026-12-01T12:00:00.000Z',
      task_start_ms: [taskStarts],
      host_start_ms: [hostStarts],
    },
  };
}
