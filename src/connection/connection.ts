// The narrow transport interface every connection (local, ssh) implements. Commands are POSIX
// shell strings run by `sh -c`; nothing else is required on the target.

export interface BecomeOptions {
  user: string; // default 'root'
  /** su has no prompt of its own to answer: it works where no password is asked (a root login) */
  method?: 'sudo' | 'su';
  password?: string;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  become?: BecomeOptions;
  timeoutMs?: number;
}

/** A command's outcome as a value (zx's ProcessOutput shape). */
export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface PutOptions {
  /** octal string ('0644') or number */
  mode?: string | number;
  become?: BecomeOptions;
}

export interface Connection {
  /** inventory_hostname this connection serves */
  readonly host: string;
  /** Where this connection lands (user@address:port): keys the controller's notes of upload temps. */
  readonly endpoint?: string;
  /** true once an open connection dropped: a pool replaces it instead of handing it out */
  readonly dropped?: boolean;
  connect(): Promise<void>;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Writes exactly remotePath (callers do temp + rename for atomic installs; see modules/lib/install.ts). */
  put(content: Buffer | string, remotePath: string, options?: PutOptions): Promise<void>;
  get(remotePath: string, options?: { become?: BecomeOptions }): Promise<Buffer>;
  close(): Promise<void>;
  /** Ctrl-C: signal the process groups of the commands this connection runs now. */
  interrupt?(signal: NodeJS.Signals): void | Promise<void>;
}

/** The result of a command killed at its timeout (ExecOptions.timeoutMs), on any transport. */
export function timedOutResult(stdout: string, stderr: string, timeoutMs: number, durationMs: number): ExecResult {
  return { code: null, signal: 'SIGKILL', stdout, stderr: `${stderr}command timed out after ${timeoutMs} ms\n`, durationMs };
}

/** Quote a string for a POSIX shell. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_\/.,:=@%+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
