import { shellQuote, type Connection, type ExecResult } from '../connection/connection.ts';
import { UnreachableError, WarrenError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import { parseFacts } from './parse.ts';
import { FACTS_SCRIPT } from './script.ts';

/** Where the facts script runs: a module's target (setup), or a bare connection (gather_facts). */
export interface FactsShell {
  readonly host: string;
  run(script: string): Promise<ExecResult>;
}

/** A bare connection as a FactsShell: no become, no environment (gather_facts, as Ansible's). */
export function connectionShell(conn: Connection): FactsShell {
  return { host: conn.host, run: (script) => conn.exec(script) };
}

/** ansible_python_interpreter when it names a path (not Ansible's 'auto' discovery modes). */
export function pythonInterpreter(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('/') ? value : undefined;
}

/** Gathers facts in one round trip (one POSIX shell script) and parses them on the controller.
 * `python`: the host's ansible_python_interpreter, reported as ansible_python.executable. */
export async function gatherFacts(conn: FactsShell, python?: string): Promise<Vars> {
  const result = await conn.run(python ? `wpy=${shellQuote(python)}\n${FACTS_SCRIPT}` : FACTS_SCRIPT);
  try {
    return parseFacts(result.stdout);
  } catch (err) {
    if (err instanceof UnreachableError) throw err;
    throw new WarrenError(`${conn.host}: gathering facts failed: ${(err as Error).message}; stderr: ${result.stderr.trim()}`);
  }
}
