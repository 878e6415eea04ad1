// Per-host counters for the PLAY RECAP, counted the way Ansible's strategy counts them.
import type { HostStats } from '../report/events.ts';
import { ExitCode } from '../core/errors.ts';

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

export class RunStats {
  readonly byHost = new Map<string, HostStats>();
  /** meta: clear_host_errors: failures counted so far stay in the recap but not in the exit code (as in Ansible) */
  readonly forgiven = new Map<string, number>();

  forgiveFailures(host: string): void {
    this.forgiven.set(host, this.of(host).failed);
  }

  of(host: string): HostStats {
    let s = this.byHost.get(host);
    if (!s) this.byHost.set(host, (s = emptyStats()));
    return s;
  }

  increment(host: string, key: keyof HostStats): void {
    this.of(host)[key]++;
  }

  toRecord(): Record<string, HostStats> {
    return Object.fromEntries([...this.byHost.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Any unreachable host -> 4 (even beside a failed one, as ansible-playbook measured), failed -> 2, else 0. */
export function exitCodeFor(stats: Record<string, HostStats>, forgiven: ReadonlyMap<string, number> = new Map()): number {
  const all = Object.values(stats);
  if (all.some((s) => s.unreachable > 0)) return ExitCode.hostUnreachable;
  if (Object.entries(stats).some(([host, s]) => s.failed > (forgiven.get(host) ?? 0))) return ExitCode.hostFailed;
  return ExitCode.ok;
}
