// How modules talk to the host: every command runs with the task's become, and a failed
// read or write becomes a ModuleFailure carrying the command's own stderr.
import type { ExecResult } from '../../connection/connection.ts';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface RunOptions {
  stdin?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
}

export function runScript(ctx: ModuleContext, script: string, options: RunOptions = {}): Promise<ExecResult> {
  return ctx.conn.exec(script, { ...options, ...(ctx.become ? { become: ctx.become } : {}) });
}

/** Runs a script that must succeed; `what` names the step in the failure message. */
export async function runOrFail(ctx: ModuleContext, script: string, what: string, options: RunOptions = {}): Promise<ExecResult> {
  const result = await runScript(ctx, script, options);
  if (result.code !== 0) {
    const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.code ?? result.signal}`;
    throw new ModuleFailure(`${what}: ${detail}`, { rc: result.code, stderr: result.stderr, stdout: result.stdout });
  }
  return result;
}
