// Connect while loading: as soon as the inventory and a playbook file's plays are known, the
// hosts those plays name start connecting in the background (at most `forks` at once), so the
// SSH handshakes overlap the loading of roles, includes and templates instead of delaying each
// host's first task. Only what a play's first get() would open is opened: plain `hosts:`
// patterns within --limit, with the play's plain remote_user; anything templated waits for its play.
// preconnect() never rejects, and does nothing once the pool is closed.
import type { Inventory } from '../inventory/model.ts';
import { selectHosts } from '../inventory/pattern.ts';
import type { PlayHeader } from '../load/model.ts';
import type { ConnectionPool } from './connections.ts';

const TEMPLATED = /\{[{%]/;

interface Wave {
  targets: Array<{ host: string; remoteUser?: string }>;
}

/**
 * The first play's hosts connect first; the other plays' hosts start once those settled, so on a
 * small controller their handshakes do not slow the ones the first task waits for.
 */
export class EarlyConnects {
  private readonly waves: Wave[] = [];
  private readonly seen = new Set<string>();
  private running = false;
  private first = true;

  constructor(
    private readonly pool: ConnectionPool,
    private readonly forks: number,
    private readonly limit: string | undefined,
  ) {}

  /** The plays of one playbook file are known (the root file first, then each import_playbook). */
  add(inventory: Inventory, plays: PlayHeader[]): void {
    try {
      const limited = this.limit ? new Set(selectHosts(inventory, this.limit)) : undefined;
      for (const play of plays) {
        if (TEMPLATED.test(play.hosts) || (play.remoteUser !== undefined && TEMPLATED.test(play.remoteUser))) continue;
        const wave: Wave = { targets: [] };
        for (const host of selectHosts(inventory, play.hosts)) {
          const key = `${host}\0${play.remoteUser ?? ''}`;
          if ((limited && !limited.has(host)) || this.seen.has(key)) continue;
          this.seen.add(key);
          wave.targets.push({ host, remoteUser: play.remoteUser });
        }
        if (wave.targets.length > 0) this.waves.push(wave);
      }
    } catch {
      // a pattern the run itself will reject: it says so when the play starts
    }
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    for (let wave = this.waves.shift(); wave; wave = this.waves.shift()) {
      // after the first play's hosts, every later host at once: serial waves left the last
      // play's host connecting after its play began (measured on a loaded 2-CPU machine)
      const targets = this.first ? wave.targets : [...wave.targets, ...this.waves.splice(0).flatMap((w) => w.targets)];
      this.first = false;
      const width = Math.max(1, this.forks);
      await Promise.all(
        Array.from({ length: Math.min(width, targets.length) }, async () => {
          for (let next = targets.shift(); next; next = targets.shift()) await this.pool.preconnect(next.host, next.remoteUser);
        }),
      );
    }
    this.running = false;
  }
}
