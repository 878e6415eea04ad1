// A persistent POSIX shell on the target: one channel (or local process) runs many commands, so a
// task costs one write and one read instead of a new SSH session, a login shell and `sh -c`.
// Each command runs as `( eval '<script>' ) </dev/null` in a subshell, so nothing it does (cd,
// exit, traps, set -e, a syntax error) reaches the shell itself; afterwards the shell prints a
// per-session random marker with the exit status on stdout and a marker on stderr, which is where
// the controller cuts each stream.
import { randomBytes } from 'node:crypto';
import type { ExecResult } from './connection.ts';
import { shellQuote, timedOutResult } from './connection.ts';
import { cutNote, MAX_OUTPUT_BYTES } from './output-cap.ts';

/** The shell's process as streams: ssh2's exec channel and a local child both fit. */
export interface ShellStreams {
  write(data: string): void;
  onStdout(listener: (chunk: Buffer) => void): void;
  onStderr(listener: (chunk: Buffer) => void): void;
  onClose(listener: () => void): void;
  /** ends stdin (the shell exits) and releases the channel */
  close(): void;
}

export interface ShellRunOptions {
  timeoutMs?: number;
}

/** How the shell ended while a command ran: the caller's transport names the cause. */
export type ShellLostReason = () => Error;

const TAIL_BYTES = 256;

/** Finds `\n<marker><suffix>` across chunk boundaries without re-copying the whole output. */
class StreamCut {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private tail = Buffer.alloc(0);
  /** byte offset where the marker line starts, once seen */
  at = -1;
  /** the marker line's text after the marker (the exit status on stdout) */
  rest = '';

  constructor(private readonly pattern: Buffer) {}

  push(chunk: Buffer): boolean {
    if (this.at >= 0) return true; // late bytes after the marker belong to nothing
    const window = Buffer.concat([this.tail, chunk]);
    const hit = window.indexOf(this.pattern);
    const end = hit < 0 ? -1 : window.indexOf(0x0a, hit + this.pattern.length);
    // beyond the cap only the marker is looked for (the tail window), nothing is kept
    const room = MAX_OUTPUT_BYTES + TAIL_BYTES - this.size;
    if (room >= chunk.length) this.chunks.push(chunk);
    else if (room > 0) this.chunks.push(Buffer.from(chunk.subarray(0, room)));
    if (hit >= 0 && end >= 0) {
      this.at = this.size - this.tail.length + hit;
      this.rest = window.subarray(hit + this.pattern.length, end).toString('latin1');
    }
    this.size += chunk.length;
    this.tail = window.subarray(Math.max(0, window.length - TAIL_BYTES));
    return this.at >= 0;
  }

  text(): string {
    const end = this.at < 0 ? this.size : this.at;
    const text = Buffer.concat(this.chunks).subarray(0, Math.min(end, MAX_OUTPUT_BYTES)).toString('utf8');
    return end > MAX_OUTPUT_BYTES ? text + cutNote(end - MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES) : text;
  }
}

interface Pending {
  out: StreamCut;
  err: StreamCut;
  started: number;
  timeoutMs?: number;
  timer?: NodeJS.Timeout;
  resolve(result: ExecResult): void;
  reject(error: Error): void;
}

export class ShellSession {
  private readonly id = randomBytes(12).toString('hex');
  private seq = 0;
  private pending?: Pending;
  private ended = false;

  constructor(
    private readonly streams: ShellStreams,
    private readonly lost: ShellLostReason,
  ) {
    streams.onStdout((chunk) => this.feed(chunk, 'out'));
    streams.onStderr((chunk) => this.feed(chunk, 'err'));
    streams.onClose(() => this.end(this.lost()));
  }

  /** A session takes one command at a time. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  get alive(): boolean {
    return !this.ended;
  }

  run(script: string, options: ShellRunOptions = {}): Promise<ExecResult> {
    if (this.ended) return Promise.reject(this.lost());
    if (this.pending) return Promise.reject(new Error('shell session is busy'));
    const marker = `__WARREN_${this.id}_${++this.seq}__`;
    return new Promise<ExecResult>((resolve, reject) => {
      const pending: Pending = {
        out: new StreamCut(Buffer.from(`\n${marker} `)),
        err: new StreamCut(Buffer.from(`\n${marker}`)),
        started: Date.now(),
        timeoutMs: options.timeoutMs,
        resolve,
        reject,
      };
      // Callers bound the command itself (coreutils timeout); this backstop frees the session
      // even if the shell never answers, and the session is not reused after it.
      if (options.timeoutMs) pending.timer = setTimeout(() => this.abandon(pending), options.timeoutMs + 5000);
      this.pending = pending;
      this.streams.write(`( eval ${shellQuote(script)} ) </dev/null\n` + `printf '\\n%s %s\\n' '${marker}' "$?"\nprintf '\\n%s\\n' '${marker}' >&2\n`);
    });
  }

  close(): void {
    if (this.ended) return;
    this.streams.close();
    this.end(new Error('shell session closed'));
  }

  private feed(chunk: Buffer, which: 'out' | 'err'): void {
    const p = this.pending;
    if (!p) return;
    (which === 'out' ? p.out : p.err).push(chunk);
    if (p.out.at < 0 || p.err.at < 0) return;
    this.settle(p);
    const code = Number(p.out.rest.trim());
    const durationMs = Date.now() - p.started;
    const stdout = p.out.text();
    const stderr = p.err.text();
    if (p.timeoutMs && durationMs >= p.timeoutMs) p.resolve(timedOutResult(stdout, stderr, p.timeoutMs, durationMs));
    else p.resolve({ code: Number.isInteger(code) ? code : null, signal: null, stdout, stderr, durationMs });
  }

  private abandon(p: Pending): void {
    if (this.pending !== p) return;
    this.settle(p);
    this.ended = true;
    this.streams.close();
    p.resolve(timedOutResult(p.out.text(), '', p.timeoutMs!, Date.now() - p.started));
  }

  private settle(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    this.pending = undefined;
  }

  private end(reason: Error): void {
    this.ended = true;
    const p = this.pending;
    if (!p) return;
    this.settle(p);
    p.reject(reason);
  }
}
