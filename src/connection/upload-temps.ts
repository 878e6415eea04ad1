// Temp files an upload leaves on a target when its run dies mid-upload (a dropped connection,
// Ctrl-C, SIGKILL). Each one is noted on the controller before the upload and forgotten once
// the install script has renamed or removed it. The next connection to that target removes what
// a run that is no longer alive noted. A note on the controller costs no round trip; only a
// connection that has leftovers to remove runs one command (per become user).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { BecomeOptions, Connection } from './connection.ts';
import { shellQuote } from './connection.ts';

interface UploadTempNote {
  endpoint: string;
  path: string;
  pid: number;
  become?: Omit<BecomeOptions, 'password'>;
}

/** $WARREN_STATE_DIR, else $XDG_STATE_HOME/warren, else ~/.local/state/warren */
function notesDir(endpoint: string): string {
  const state = process.env.WARREN_STATE_DIR || join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'warren');
  return join(state, 'upload-temps', createHash('sha256').update(endpoint).digest('hex').slice(0, 16));
}

/** Notes `path` before it is uploaded; the returned function forgets it again. */
export function noteUploadTemp(endpoint: string, path: string, become?: BecomeOptions): () => void {
  const dir = notesDir(endpoint);
  const file = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
  const note: UploadTempNote = { endpoint, path, pid: process.pid, ...(become ? { become: { user: become.user, method: become.method } } : {}) };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(note), { mode: 0o600 });
  } catch {
    return () => undefined; // a controller that cannot keep notes still installs; it only cleans less
  }
  return () => unlinkQuietly(file);
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** A run still alive may be writing its temp right now; EPERM means alive under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function leftovers(endpoint: string): Array<{ file: string; note: UploadTempNote }> {
  const dir = notesDir(endpoint);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = join(dir, name);
    try {
      const note = JSON.parse(readFileSync(file, 'utf8')) as UploadTempNote;
      return note.endpoint === endpoint && !isAlive(note.pid) ? [{ file, note }] : [];
    } catch {
      return [];
    }
  });
}

/** On a new connection: removes the temp files dead runs left there, as the user that wrote them. */
export async function removeLeftUploadTemps(conn: Connection): Promise<void> {
  if (!conn.endpoint) return;
  const byUser = new Map<string, Array<{ file: string; note: UploadTempNote }>>();
  for (const left of leftovers(conn.endpoint)) {
    const key = JSON.stringify(left.note.become ?? null);
    byUser.set(key, [...(byUser.get(key) ?? []), left]);
  }
  for (const [key, group] of byUser) {
    const become = JSON.parse(key) as BecomeOptions | null;
    try {
      const paths = group.map((g) => shellQuote(g.note.path)).join(' ');
      const r = await conn.exec(`rm -f -- ${paths}`, { ...(become ? { become } : {}), timeoutMs: 30_000 });
      if (r.code === 0) for (const g of group) unlinkQuietly(g.file);
    } catch {
      // not removable now (become needs a password this run lacks): the notes wait for a later run
    }
  }
}
