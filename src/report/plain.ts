// Ansible-like line output: PLAY/TASK headers, one line per host result, diffs, the recap.
import type { Reporter, RunEvent } from './events.ts';
import { paint, type Color } from './colors.ts';
import { renderDiffs } from './diff.ts';
import { formatRecap, headerLine } from './recap.ts';
import { resultLine } from './result-line.ts';

export interface OutputStreams {
  write(text: string): void; // stdout
  writeErr(text: string): void; // stderr
}

export const processStreams: OutputStreams = {
  write: (t) => void process.stdout.write(t),
  writeErr: (t) => void process.stderr.write(t),
};

/**
 * stdout whose writes within one turn of the event loop go out as one: at 200 hosts a task's
 * result lines were 200 write syscalls, each waking whoever reads the pipe. stderr, and the
 * process's exit, flush first, so the order of the lines stays as written.
 */
export class CoalescedStreams implements OutputStreams {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly target: OutputStreams = processStreams) {
    process.once('exit', () => this.flush());
  }

  write(text: string): void {
    this.pending.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  writeErr(text: string): void {
    this.flush();
    this.target.writeErr(text);
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.target.write(text);
  }
}

let coalesced: CoalescedStreams | undefined;

export interface PlainOptions {
  verbosity: number;
  color: boolean;
  streams?: OutputStreams;
}

export class PlainReporter implements Reporter {
  private readonly out: OutputStreams;

  constructor(private readonly opts: PlainOptions) {
    coalesced ??= opts.streams ? undefined : new CoalescedStreams();
    this.out = opts.streams ?? coalesced!;
  }

  private paint(color: Color, text: string): string {
    return this.opts.color ? paint(color, text) : text;
  }

  handle(event: RunEvent): void {
    // Only a task's result lines wait for the end of the loop turn; anything else goes out in order now.
    if (event.type !== 'host_result' && this.out instanceof CoalescedStreams) this.out.flush();
    this.writeEvent(event);
    if (event.type === 'recap' && this.out instanceof CoalescedStreams) this.out.flush();
  }

  private writeEvent(event: RunEvent): void {
    switch (event.type) {
      case 'play_start':
        this.out.write(`\n${headerLine(`PLAY [${event.name}]`)}\n`);
        return;
      case 'play_skipped':
        this.out.write(`${this.paint('cyan', `skipping: ${event.reason}`)}\n`);
        return;
      case 'task_start': {
        const name = event.role ? `${event.role} : ${event.name}` : event.name;
        this.out.write(`\n${headerLine(`${event.handler ? 'RUNNING HANDLER' : 'TASK'} [${name}]`)}\n`);
        return;
      }
      case 'host_result': {
        const diff = event.diff ? renderDiffs(event.result.diff, this.opts.color) : '';
        if (diff && !event.loop) this.out.write(diff);
        const line = resultLine(event, this.opts.verbosity);
        if (line) this.out.write(`${this.paint(line.color, line.text)}\n`);
        if (event.ignored && !event.item) this.out.write(`${this.paint('cyan', '...ignoring')}\n`);
        return;
      }
      case 'warning':
        this.out.writeErr(`${this.paint('magenta', `[WARNING]: ${event.host ? `${event.host}: ` : ''}${event.message}`)}\n`);
        return;
      case 'error':
        this.out.writeErr(`${this.paint('red', `ERROR! ${event.message}`)}\n`);
        return;
      case 'verbose':
        if (event.level <= this.opts.verbosity) this.out.write(`${event.message}\n`);
        return;
      case 'listing':
        this.out.write(event.text);
        return;
      case 'recap':
        this.out.write(formatRecap(event.stats, this.opts.color));
        return;
      default:
        return;
    }
  }
}
