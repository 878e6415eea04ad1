import type { Connection } from '../connection/connection.ts';
import type { Vars } from '../load/model.ts';

/** Gathers facts in one round trip (placeholder until the facts issue replaces it). */
export async function gatherFacts(conn: Connection): Promise<Vars> {
  const r = await conn.exec('hostname');
  const hostname = r.stdout.trim();
  return { hostname, nodename: hostname };
}
