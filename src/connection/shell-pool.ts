// Up to `max` persistent shells per host, opened on demand; a caller that finds them all busy
// (or a pool of size 0) gets undefined and uses a one-off channel instead.
import type { ExecResult } from './connection.ts';
import type { ShellRunOptions, ShellSession } from './shell-session.ts';

export class ShellPool {
  private sessions: ShellSession[] = [];
  private opening = 0;
  private closed = false;

  constructor(
    private readonly open: () => Promise<ShellSession>,
    private readonly max: number,
    /** the connection's say over one more shell (all pools share its channels) */
    private readonly mayOpen: () => boolean = () => true,
  ) {}

  async run(script: string, options: ShellRunOptions = {}): Promise<ExecResult | undefined> {
    if (this.closed) return undefined;
    this.sessions = this.sessions.filter((s) => s.alive);
    let session = this.sessions.find((s) => !s.busy);
    if (!session) {
      if (this.sessions.length + this.opening >= this.max || !this.mayOpen()) return undefined;
      this.opening++;
      try {
        session = await this.open();
      } finally {
        this.opening--;
      }
      if (this.closed) {
        session.close();
        return undefined;
      }
      this.sessions.push(session);
    }
    return session.run(script, options);
  }

  close(): void {
    this.closed = true;
    for (const session of this.sessions) session.close();
    this.sessions = [];
  }
}
