// sudo for exec and put: the command line, and the exchange that feeds the password only when
// sudo's (unique) prompt shows and knows the command really started (a marker line on stdout).
import { randomBytes } from 'node:crypto';
import { WarrenError } from '../core/errors.ts';
import type { BecomeOptions, ExecOptions } from './connection.ts';
import { shellQuote } from './connection.ts';

/** sudo refused (no or wrong password, not in sudoers): a task failure, not an unreachable host. */
export class BecomeError extends WarrenError {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(`${host}: become (sudo) failed: ${message}`);
  }
}

/** sudo runs only when the task asks for another user than the one logged in. */
export function sudoNeeded(loginUser: string, become: BecomeOptions | undefined): become is BecomeOptions {
  return become !== undefined && (become.user || 'root') !== loginUser;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The script `sh -c` runs: cwd and env first (sshd rejects most setenv requests, so export them). */
export function shellScript(command: string, options: Pick<ExecOptions, 'cwd' | 'env'> = {}): string {
  const lines: string[] = [];
  if (options.cwd) lines.push(`cd ${shellQuote(options.cwd)} || exit 1`);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (!ENV_NAME.test(name)) throw new WarrenError(`environment variable name '${name}' is not valid`);
    lines.push(`export ${name}=${shellQuote(String(value))}`);
  }
  lines.push(command);
  return lines.join('\n');
}

export interface SudoTokens {
  prompt: string;
  marker: string;
}

export function newSudoTokens(): SudoTokens {
  const id = randomBytes(8).toString('hex');
  return { prompt: `[warren-sudo-password-${id}]`, marker: `WARREN-BECOME-OK-${id}` };
}

export function sudoCommandLine(script: string, become: BecomeOptions, tokens: SudoTokens): string {
  const user = become.user || 'root';
  const inner = `echo ${tokens.marker}\n${script}`;
  if (become.method === 'su') return `su -s /bin/sh ${shellQuote(user)} -c ${shellQuote(inner)}`;
  return `sudo -H -S -p ${shellQuote(tokens.prompt)} -u ${shellQuote(user)} -- /bin/sh -c ${shellQuote(inner)}`;
}

export type SudoEvent = { kind: 'send-password' } | { kind: 'fail'; message: string } | { kind: 'started' };

/** Pure state machine over sudo's output; the transport writes the password / stdin when told. */
export class SudoExchange {
  private stdoutHead = '';
  private stderrHead = '';
  private promptsSeen = 0;
  started = false;

  constructor(
    private readonly tokens: SudoTokens,
    private readonly hasPassword: boolean,
  ) {}

  /** Returns stdout bytes to keep (after the marker) and what to do. */
  onStdout(chunk: Buffer): { keep: Buffer; event?: SudoEvent } {
    if (this.started) return { keep: chunk };
    this.stdoutHead += chunk.toString('latin1');
    const at = this.stdoutHead.indexOf(`${this.tokens.marker}\n`);
    if (at < 0) return { keep: Buffer.alloc(0) };
    this.started = true;
    const rest = Buffer.from(this.stdoutHead.slice(at + this.tokens.marker.length + 1), 'latin1');
    this.stdoutHead = '';
    return { keep: rest, event: { kind: 'started' } };
  }

  /** Strips sudo prompts from stderr and reacts to them. */
  onStderr(chunk: Buffer): { keep: Buffer; event?: SudoEvent } {
    if (this.started) return { keep: chunk };
    this.stderrHead += chunk.toString('latin1');
    const at = this.stderrHead.indexOf(this.tokens.prompt);
    if (at < 0) return { keep: Buffer.alloc(0) };
    this.stderrHead = this.stderrHead.slice(0, at) + this.stderrHead.slice(at + this.tokens.prompt.length);
    this.promptsSeen++;
    if (!this.hasPassword)
      return { keep: Buffer.alloc(0), event: { kind: 'fail', message: 'a password is required: set ansible_become_password or run with -K' } };
    if (this.promptsSeen > 1) return { keep: Buffer.alloc(0), event: { kind: 'fail', message: 'incorrect become password' } };
    return { keep: Buffer.alloc(0), event: { kind: 'send-password' } };
  }

  /** stderr held back before the command started (sudo's own messages). */
  heldStderr(): string {
    return this.stderrHead.replace(/^\s+|\s+$/g, '');
  }
}
