// Small I/O helpers shared by the vault and secrets commands.
import { WarrenError } from '../core/errors.ts';

/**
 * Wraps a command action: a failure prints "ERROR! message" (as Ansible does) and sets the exit
 * code carried by the error, instead of an unhandled rejection with a stack trace.
 */
export function reportErrors<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      process.stderr.write(`ERROR! ${(err as Error).message}\n`);
      process.exitCode = err instanceof WarrenError ? err.exitCode : 1;
    }
  };
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
