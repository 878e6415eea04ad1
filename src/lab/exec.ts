// A command's result is a value (code, stdout, stderr), as zx does; failures become LabError with the output.
import { execFile } from 'node:child_process';
import { WarrenError } from '../core/errors.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Any failure of the lab (not root, no nspawn, subnet in use, host did not boot...). Exit code 1. */
export class LabError extends WarrenError {}

export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && code === 127 ? error.message : '')) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Runs a command and throws a LabError naming it, with its stderr, when it fails. */
export async function runChecked(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new LabError(`${command} ${args.join(' ')} failed (exit ${result.code})${detail ? `:\n${detail}` : ''}`);
  }
  return result.stdout;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
