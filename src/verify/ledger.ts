// Every message id's fate, kept in one place so "lost" and "unexpected" are set arithmetic,
// not counters that can drift. Each confirm remembers the client and the connection (so the
// node) that confirmed it and when, so a loss can be traced to a node and a fault window.
export interface LedgerCounts {
  attempted: number; // distinct ids published at least once
  published: number; // publish calls, republishes included
  confirmed: number; // distinct ids acked by the broker
  unconfirmed: number; // attempted, never confirmed (outcome unknown: not a loss)
  nacked: number; // nack events
  republished: number; // publish calls after the first for an id
  returned: number; // basic.return events (unroutable)
  timedOut: number; // confirms that never came in time (unknown outcome)
  consumed: number; // distinct ids delivered to a consumer
  deliveries: number; // deliveries, duplicates included
  duplicates: number; // deliveries - consumed
  lost: number; // confirmed but never consumed
  unexpected: number; // consumed but never published
}

export interface ClientStats {
  confirmed: number;
  delivered: number;
  nacked: number;
  timedOut: number;
  reconnects: number;
}

/** Events per second, for the chart; per client as well as in total. */
export interface Timeline {
  startedAt: number;
  published: number[]; // confirms per second
  consumed: number[]; // deliveries per second
  clients: Record<string, { confirms: number[]; deliveries: number[] }>;
  reconnects: Array<{ client: string; atSec: number }>;
  /** Where the queue's leader was, sampled through the run: from atSec on (null: no leader, or no node answered). */
  leader: Array<{ atSec: number; node: string | null }>;
}

export interface Window {
  label: string;
  from: number;
  to: number;
}

interface Confirm {
  at: number;
  client: string;
  connection: string;
}

const UNKNOWN_NODE = 'unknown';

export class Ledger {
  readonly startedAt: number;
  private readonly attemptedIds = new Set<string>();
  private readonly confirms = new Map<string, Confirm>();
  private readonly consumedIds = new Set<string>();
  private readonly nodeOf = new Map<string, string>(); // connection name -> node
  private readonly stats = new Map<string, ClientStats>();
  private readonly confirmTimes = new Map<string, number[]>(); // per client, in order
  private readonly deliveryTimes = new Map<string, number[]>();
  private readonly reconnectTimes: Array<{ client: string; at: number }> = [];
  private readonly leaderSamples: Array<{ at: number; node: string | null }> = [];
  private publishes = 0;
  private returns = 0;
  private deliveryCount = 0;

  /** `now` is the clock (replaceable so the schedule and gaps can be tested without waiting). */
  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  published(id: string): void {
    this.publishes++;
    this.attemptedIds.add(id);
  }
  confirmed(id: string, client = 'publisher', connection = ''): void {
    if (this.confirms.has(id)) return;
    const at = this.now();
    this.confirms.set(id, { at, client, connection });
    push(this.confirmTimes, client, at);
    this.client(client).confirmed++;
  }
  nacked(client = 'publisher'): void {
    this.client(client).nacked++;
  }
  returned(): void {
    this.returns++;
  }
  timedOut(client = 'publisher'): void {
    this.client(client).timedOut++;
  }
  delivered(id: string, client = 'consumer'): void {
    this.deliveryCount++;
    this.consumedIds.add(id);
    push(this.deliveryTimes, client, this.now());
    this.client(client).delivered++;
  }
  reconnected(client: string): void {
    this.reconnectTimes.push({ client, at: this.now() });
    this.client(client).reconnects++;
  }
  /** Where a connection landed (read from the broker, or known for a pinned client). */
  located(connection: string, node: string): void {
    this.nodeOf.set(connection, node);
  }
  nodeOfConnection(connection: string): string | undefined {
    return this.nodeOf.get(connection);
  }

  get attemptedCount(): number {
    return this.attemptedIds.size;
  }
  get deliveryTotal(): number {
    return this.deliveryCount;
  }
  isConfirmed(id: string): boolean {
    return this.confirms.has(id);
  }
  /** True once every confirmed message has been consumed. */
  drained(): boolean {
    if (this.consumedIds.size < this.confirms.size) return false;
    for (const id of this.confirms.keys()) if (!this.consumedIds.has(id)) return false;
    return true;
  }

  lostIds(): string[] {
    return [...this.confirms.keys()].filter((id) => !this.consumedIds.has(id));
  }
  unexpectedIds(): string[] {
    return [...this.consumedIds].filter((id) => !this.attemptedIds.has(id));
  }
  /** Lost ids by the node that confirmed them. */
  lostByNode(): Record<string, string[]> {
    return groupBy(this.lostIds(), (id) => this.nodeOf.get(this.confirms.get(id)!.connection) ?? UNKNOWN_NODE);
  }
  /** Lost ids by the window their confirm fell in (the first window that holds it, else 'outside faults'). */
  lostByWindow(windows: Window[]): Record<string, string[]> {
    return groupBy(this.lostIds(), (id) => {
      const at = this.confirms.get(id)!.at;
      return windows.find((w) => at >= w.from && at <= w.to)?.label ?? 'outside faults';
    });
  }
  /** Confirms that arrived within [from, to], from every client. */
  confirmedBetween(from: number, to: number): number {
    let n = 0;
    for (const times of this.confirmTimes.values()) for (const t of times) if (t >= from && t <= to) n++;
    return n;
  }

  counts(): LedgerCounts {
    const stats = [...this.stats.values()];
    const sum = (key: keyof ClientStats) => stats.reduce((n, s) => n + s[key], 0);
    const lost = this.lostIds().length;
    return {
      attempted: this.attemptedIds.size,
      published: this.publishes,
      confirmed: this.confirms.size,
      unconfirmed: this.attemptedIds.size - [...this.attemptedIds].filter((id) => this.confirms.has(id)).length,
      nacked: sum('nacked'),
      republished: this.publishes - this.attemptedIds.size,
      returned: this.returns,
      timedOut: sum('timedOut'),
      consumed: this.consumedIds.size,
      deliveries: this.deliveryCount,
      duplicates: this.deliveryCount - this.consumedIds.size,
      lost,
      unexpected: this.unexpectedIds().length,
    };
  }
  /** A snapshot (copies), so two of them can be compared. */
  clientStats(): Record<string, ClientStats> {
    return Object.fromEntries([...this.stats].map(([name, s]) => [name, { ...s }]));
  }

  /** Longest pause in confirms / deliveries that overlaps [from, to] (all clients, or one): the recovery time. */
  confirmGap(from: number, to: number, client?: string): number {
    return longestGap(merged(this.confirmTimes, client), from, to);
  }
  deliveryGap(from: number, to: number, client?: string): number {
    return longestGap(merged(this.deliveryTimes, client), from, to);
  }
  /** The longest time with no new confirm over the whole run, from the start to the last confirm. */
  maxConfirmGap(): number {
    return longestGap([this.startedAt, ...merged(this.confirmTimes)], Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /** A sample of the queue's leader; only changes are kept. */
  leaderSeen(node: string | null | undefined): void {
    const value = node || null;
    if (this.leaderSamples.length > 0 && this.leaderSamples.at(-1)!.node === value) return;
    this.leaderSamples.push({ at: this.now(), node: value });
  }

  timeline(): Timeline {
    const second = (t: number) => Math.floor((t - this.startedAt) / 1000);
    // A loop, not Math.max(...times): a long run's hundreds of thousands of arguments overflow the stack.
    let last = -1;
    for (const times of [...this.confirmTimes.values(), ...this.deliveryTimes.values()]) for (const t of times) last = Math.max(last, second(t));
    const length = last + 1 || 1;
    const series = (times: number[]) => {
      const out = new Array<number>(length).fill(0);
      for (const t of times) out[second(t)]!++;
      return out;
    };
    const clients: Timeline['clients'] = {};
    for (const name of new Set([...this.confirmTimes.keys(), ...this.deliveryTimes.keys()])) {
      clients[name] = { confirms: series(this.confirmTimes.get(name) ?? []), deliveries: series(this.deliveryTimes.get(name) ?? []) };
    }
    return {
      startedAt: this.startedAt,
      published: series(merged(this.confirmTimes)),
      consumed: series(merged(this.deliveryTimes)),
      clients,
      reconnects: this.reconnectTimes.map((r) => ({ client: r.client, atSec: (r.at - this.startedAt) / 1000 })),
      leader: this.leaderSamples.map((l) => ({ atSec: (l.at - this.startedAt) / 1000, node: l.node })),
    };
  }

  private client(name: string): ClientStats {
    let s = this.stats.get(name);
    if (!s) this.stats.set(name, (s = { confirmed: 0, delivered: 0, nacked: 0, timedOut: 0, reconnects: 0 }));
    return s;
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function merged(map: Map<string, number[]>, only?: string): number[] {
  if (only !== undefined) return map.get(only) ?? [];
  return [...map.values()].flat().sort((a, b) => a - b);
}

function groupBy(ids: string[], key: (id: string) => string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of ids) (out[key(id)] ??= []).push(id);
  return out;
}

function longestGap(times: number[], from: number, to: number): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < from || times[i - 1]! > to) continue;
    longest = Math.max(longest, times[i]! - times[i - 1]!);
  }
  return longest;
}
