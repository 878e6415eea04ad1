// The --report record: the --json record of the run plus when each task and host result began,
// so the HTML report can draw a timeline. Events arrive already masked by the EventBus.
import { JsonReporter, type JsonRunRecord } from './json.ts';
import type { Reporter, RunEvent } from './events.ts';

export interface ReportMeta {
  /** the command line, with -e values and passwords left out */
  command: string[];
  playbook: string;
  check: boolean;
  diff: boolean;
}

export interface ReportRecord extends JsonRunRecord {
  report: ReportMeta & {
    format: 1;
    started_at: string; // ISO time
    /** per play, per task: offset of the task start from the run start, ms */
    task_start_ms: number[][];
    /** per play, per task, per host: offset of the host's result start, ms */
    host_start_ms: Array<Array<Record<string, number>>>;
  };
}

/** Keeps -e values out of the stored command line: they may carry passwords. */
export function redactCommand(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-e' || arg === '--extra-vars') {
      out.push(arg, '…');
      i++;
    } else if (arg.startsWith('--extra-vars=') || (arg.startsWith('-e') && arg.length > 2 && !arg.startsWith('--')))
      out.push(arg.startsWith('--') ? '--extra-vars=…' : '-e…');
    else out.push(arg);
  }
  return out;
}

export class ReportRecorder implements Reporter {
  private readonly started: number;
  private origin?: number;
  private readonly json: JsonReporter;
  private text = '';
  private readonly taskStarts: number[][] = [];
  private readonly hostStarts: Array<Array<Record<string, number>>> = [];

  constructor(
    private readonly meta: ReportMeta,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.json = new JsonReporter({ write: (t) => void (this.text += t), writeErr: () => undefined });
  }

  handle(event: RunEvent): void {
    // The timeline starts when the first play starts, after loading and vault decryption.
    if (event.type === 'playbook_start') this.origin = this.now();
    const at = this.now() - (this.origin ?? this.started);
    if (event.type === 'play_start') {
      this.taskStarts.push([]);
      this.hostStarts.push([]);
    } else if (event.type === 'task_start') {
      this.taskStarts[this.taskStarts.length - 1]?.push(at);
      this.hostStarts[this.hostStarts.length - 1]?.push({});
    } else if (event.type === 'host_result' && event.item === undefined) {
      const play = this.hostStarts[this.hostStarts.length - 1];
      const task = play?.[play.length - 1];
      if (task) task[event.host] = Math.max(0, at - event.durationMs);
    }
    this.json.handle(event);
  }

  async record(): Promise<ReportRecord> {
    await this.json.close();
    const base = JSON.parse(this.text) as JsonRunRecord;
    return {
      ...base,
      report: {
        ...this.meta,
        format: 1,
        started_at: new Date(this.origin ?? this.started).toISOString(),
        task_start_ms: this.taskStarts,
        host_start_ms: this.hostStarts,
      },
    };
  }
}
