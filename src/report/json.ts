// --json: one JSON document on stdout at the end; warnings and errors go to stderr.
import type { HostStats, Reporter, RunEvent } from './events.ts';
import { processStreams, type OutputStreams } from './plain.ts';
import { withoutInternalKeys } from './result-line.ts';

export interface JsonHostRecord {
  status: string;
  changed: boolean;
  duration_ms: number;
  diff?: unknown;
  msg?: unknown;
  ignored?: boolean;
  items?: Array<{ item: unknown; status: string; changed: boolean; msg?: unknown }>;
  [key: string]: unknown;
}

export interface JsonTaskRecord {
  name: string;
  role?: string;
  handler: boolean;
  hosts: Record<string, JsonHostRecord>;
}

export interface JsonRunRecord {
  plays: Array<{ name: string; hosts: string[]; tasks: JsonTaskRecord[] }>;
  stats: Record<string, HostStats>;
  exit_code?: number;
  duration_ms?: number;
  listing?: string;
  errors?: string[];
}

export class JsonReporter implements Reporter {
  private readonly record: JsonRunRecord = { plays: [], stats: {} };
  private readonly out: OutputStreams;

  constructor(streams?: OutputStreams) {
    this.out = streams ?? processStreams;
  }

  private currentTask(): JsonTaskRecord | undefined {
    const play = this.record.plays[this.record.plays.length - 1];
    return play?.tasks[play.tasks.length - 1];
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'play_start':
        this.record.plays.push({ name: event.name, hosts: event.hosts, tasks: [] });
        return;
      case 'task_start':
        this.record.plays[this.record.plays.length - 1]?.tasks.push({
          name: event.name,
          ...(event.role ? { role: event.role } : {}),
          handler: event.handler,
          hosts: {},
        });
        return;
      case 'host_result': {
        const task = this.currentTask();
        if (!task) return;
        const { changed, diff, msg, failed: _f, skipped: _s, results: _r, ...rest } = withoutInternalKeys(event.result);
        if (event.item !== undefined) {
          const rec = (task.hosts[event.host] ??= { status: 'ok', changed: false, duration_ms: 0, items: [] });
          rec.items ??= [];
          rec.items.push({ item: event.item, status: event.status, changed: !!changed, ...(msg !== undefined ? { msg } : {}) });
          return;
        }
        const items = task.hosts[event.host]?.items;
        task.hosts[event.host] = {
          ...(event.loop ? {} : rest),
          status: event.status,
          changed: !!changed,
          duration_ms: event.durationMs,
          ...(diff !== undefined ? { diff } : {}),
          ...(msg !== undefined ? { msg } : {}),
          ...(event.ignored ? { ignored: true } : {}),
          ...(items ? { items } : {}),
        };
        return;
      }
      case 'recap':
        this.record.stats = event.stats;
        return;
      case 'listing':
        this.record.listing = event.text;
        return;
      case 'warning':
        this.out.writeErr(`[WARNING]: ${event.host ? `${event.host}: ` : ''}${event.message}\n`);
        return;
      case 'error':
        (this.record.errors ??= []).push(event.message);
        this.out.writeErr(`ERROR! ${event.message}\n`);
        return;
      case 'playbook_end':
        this.record.exit_code = event.exitCode;
        this.record.duration_ms = event.durationMs;
        return;
      default:
        return;
    }
  }

  async close(): Promise<void> {
    this.out.write(`${JSON.stringify(this.record, null, 2)}\n`);
  }
}
