// Scripts that must succeed: a failed read or write becomes a ModuleFailure carrying the
// command's own stderr. Become and the task's environment are already in ctx.target.
import type { ExecResult } from '../../connection/connection.ts';
import type { ModuleContext, RunOptions } from '../module.ts';
import { ModuleFailure } from '../module.ts';

/** Runs a script that must succeed; `what` names the step in the failure message. */
export async function runOrFail(ctx: ModuleContext, script: string, what: string, options: RunOptions = {}): Promise<ExecResult> {
  const result = await ctx.target.run(script, options);
  if (result.code !== 0) {
    const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.code ?? result.signal}`;
    throw new ModuleFailure(`${what}: ${detail}`, { rc: result.code, stderr: result.stderr, stdout: result.stdout });
  }
  return result;
}
