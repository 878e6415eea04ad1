// Runs commands on the controller itself (ansible_connection=local): `/bin/sh -c`, with become
// through runuser (when root) or sudo, exactly as a remote host would see it.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import type { BecomeOptions, Connection, ExecOptions, ExecResult, PutOptions } from './connection.ts';
import { shellQuote } from './connection.ts';
import { CappedOutput } from './output-cap.ts';

export class LocalConnection implements Connection {
  private readonly currentUser = userInfo().username;
  /** process groups of the commands running now (each command leads its own group) */
  private readonly running = new Set<number>();

  readonly endpoint = `local:${this.currentUser}`;

  constructor(readonly host: string) {}

  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { argv, stdin } = this.wrapForBecome(command, options);
    return runProcess(argv, { ...options, stdin }, this.running);
  }

  interrupt(signal: NodeJS.Signals): void {
    for (const group of this.running) killGroup(group, signal);
  }

  async put(content: Buffer | string, remotePath: string, options: PutOptions = {}): Promise<void> {
    const mode = options.mode === undefined ? undefined : octalMode(options.mode);
    if (!this.needsOtherUser(options.become)) {
      await writeFile(remotePath, content, mode === undefined ? {} : { mode });
      // writeFile's mode only applies to a new file; an existing one keeps its own otherwise.
      if (mode !== undefined) await chmod(remotePath, mode);
      return;
    }
    const chmodPart = mode === undefined ? '' : ` && chmod ${mode.toString(8)} ${shellQuote(remotePath)}`;
    const script = `umask 077 && cat > ${shellQuote(remotePath)}${chmodPart}`;
    const result = await this.exec(script, { stdin: Buffer.from(content), become: options.become });
    if (result.code !== 0) throw new Error(`${this.host}: cannot write ${remotePath}: ${result.stderr.trim()}`);
  }

  async get(remotePath: string, options: { become?: BecomeOptions } = {}): Promise<Buffer> {
    if (!this.needsOtherUser(options.become)) return readFile(remotePath);
    // base64 keeps binary content intact through the text stdout of exec.
    const result = await this.exec(`base64 -w0 < ${shellQuote(remotePath)}`, { become: options.become });
    if (result.code !== 0) throw new Error(`${this.host}: cannot read ${remotePath}: ${result.stderr.trim()}`);
    return Buffer.from(result.stdout.trim(), 'base64');
  }

  private needsOtherUser(become?: BecomeOptions): become is BecomeOptions {
    return become !== undefined && (become.user || 'root') !== this.currentUser;
  }

  private wrapForBecome(command: string, options: ExecOptions): { argv: string[]; stdin?: string | Buffer } {
    const become = options.become;
    if (!this.needsOtherUser(become)) return { argv: ['/bin/sh', '-c', command], stdin: options.stdin };
    const user = become.user || 'root';
    // sudo/runuser reset the environment; pass the task's variables explicitly through env(1).
    const envArgs = options.env ? ['env', ...Object.entries(options.env).map(([k, v]) => `${k}=${v}`)] : [];
    if (process.getuid?.() === 0) {
      return { argv: ['runuser', '-u', user, '--', ...envArgs, '/bin/sh', '-c', command], stdin: options.stdin };
    }
    if (become.method === 'su') {
      // su asks its password on a terminal only; without one it fails with its own message
      const envPart = envArgs.map(shellQuote).join(' ');
      return { argv: ['su', '-s', '/bin/sh', user, '-c', `${envPart ? `exec ${envPart} ` : ''}/bin/sh -c ${shellQuote(command)}`], stdin: options.stdin };
    }
    if (!onPath('sudo')) throw new Error(`${this.host}: become to '${user}' needs sudo, which is not installed`);
    if (become.password === undefined) {
      return { argv: ['sudo', '-n', '-u', user, '--', ...envArgs, '/bin/sh', '-c', command], stdin: options.stdin };
    }
    // sudo -S reads the password line first; the rest of stdin reaches the command.
    const stdin = Buffer.concat([Buffer.from(`${become.password}\n`), Buffer.from(options.stdin ?? '')]);
    return { argv: ['sudo', '-S', '-p', '', '-u', user, '--', ...envArgs, '/bin/sh', '-c', command], stdin };
  }
}

function octalMode(mode: string | number): number {
  if (typeof mode === 'number') return mode;
  if (!/^0?[0-7]{3,4}$/.test(mode)) throw new Error(`mode '${mode}' is not an octal mode`);
  return Number.parseInt(mode, 8);
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

function runProcess(argv: string[], options: ExecOptions, running: Set<number>): Promise<ExecResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      // Own process group, so a timeout kills the whole command tree, not just the shell.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (child.pid) running.add(child.pid);
    const stdout = new CappedOutput();
    const stderr = new CappedOutput();
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {}); // the command may exit without reading its stdin
    child.stdin.end(options.stdin ?? '');
    const timer = options.timeoutMs
      ? setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, options.timeoutMs)
      : undefined;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      if (child.pid) running.delete(child.pid);
      reject(err);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (child.pid) running.delete(child.pid);
      resolve({
        code,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: Date.now() - started,
      });
    });
  });
}
