import type { Connection } from '../connection/connection.ts';
import { UnreachableError, WarrenError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import { parseFacts } from './parse.ts';
import { FACTS_SCRIPT } from './script.ts';

/** Gathers facts in one round trip (one POSIX shell script) and parses them on the controller. */
export async function gatherFacts(conn: Connection): Promise<Vars> {
  const result = await conn.exec(FACTS_SCRIPT);
  try {
    return parseFacts(result.stdout);
  } catch (err) {
    if (err instanceof UnreachableError) throw err;
    throw new WarrenError(`${conn.host}: gathering facts failed: ${(err as Error).message}; stderr: ${result.stderr.trim()}`);
  }
}
