// Every message id's fate, kept in one place so "lost" and "unexpected" are set arithmetic,
// not counters that can drift.
export interface LedgerCounts {
  attempted: number; // distinct ids published at least once
  published: number; // publish calls, republishes included
  confirmed: number; // distinct ids acked by the broker
  nacked: number; // nack events
  republished: number; // publish calls after the first for an id
  returned: number; // basic.return events (unroutable)
  timedOut: number; // confirms that never came in time (unknown outcome)
  consumed: number; // distinct ids delivered to the consumer
  deliveries: number; // deliveries, duplicates included
  duplicates: number; // deliveries - consumed
  lost: number; // confirmed but never consumed
  unexpected: number; // consumed but never published
}

/** Events per second, for the chart. */
export interface Timeline {
  startedAt: number;
  published: number[]; // confirms per second
  consumed: number[]; // deliveries per second
}

export class Ledger {
  readonly startedAt = Date.now();
  private readonly attemptedIds = new Set<string>();
  private readonly confirmedIds = new Set<string>();
  private readonly consumedIds = new Set<string>();
  private publishes = 0;
  private nacks = 0;
  private returns = 0;
  private timeouts = 0;
  private deliveryCount = 0;
  private readonly confirmSeconds: number[] = [];
  private readonly deliverySeconds: number[] = [];
  private readonly confirmTimes: number[] = [];
  private readonly deliveryTimes: number[] = [];

  published(id: string): void {
    this.publishes++;
    this.attemptedIds.add(id);
  }
  confirmed(id: string): void {
    this.confirmedIds.add(id);
    const now = Date.now();
    this.confirmTimes.push(now);
    this.bump(this.confirmSeconds, now);
  }
  nacked(): void {
    this.nacks++;
  }
  returned(): void {
    this.returns++;
  }
  timedOut(): void {
    this.timeouts++;
  }
  delivered(id: string): void {
    this.deliveryCount++;
    this.consumedIds.add(id);
    const now = Date.now();
    this.deliveryTimes.push(now);
    this.bump(this.deliverySeconds, now);
  }

  isConfirmed(id: string): boolean {
    return this.confirmedIds.has(id);
  }
  /** True once every confirmed message has been consumed. */
  drained(): boolean {
    if (this.consumedIds.size < this.confirmedIds.size) return false;
    for (const id of this.confirmedIds) if (!this.consumedIds.has(id)) return false;
    return true;
  }

  lostIds(): string[] {
    return [...this.confirmedIds].filter((id) => !this.consumedIds.has(id));
  }
  unexpectedIds(): string[] {
    return [...this.consumedIds].filter((id) => !this.attemptedIds.has(id));
  }

  counts(): LedgerCounts {
    return {
      attempted: this.attemptedIds.size,
      published: this.publishes,
      confirmed: this.confirmedIds.size,
      nacked: this.nacks,
      republished: this.publishes - this.attemptedIds.size,
      returned: this.returns,
      timedOut: this.timeouts,
      consumed: this.consumedIds.size,
      deliveries: this.deliveryCount,
      duplicates: this.deliveryCount - this.consumedIds.size,
      lost: this.lostIds().length,
      unexpected: this.unexpectedIds().length,
    };
  }

  /** Longest pause in confirms / deliveries that overlaps [from, to]: the recovery time. */
  confirmGap(from: number, to: number): number {
    return longestGap(this.confirmTimes, from, to);
  }
  deliveryGap(from: number, to: number): number {
    return longestGap(this.deliveryTimes, from, to);
  }

  timeline(): Timeline {
    const length = Math.max(this.confirmSeconds.length, this.deliverySeconds.length);
    const pad = (a: number[]) => Array.from({ length }, (_, i) => a[i] ?? 0);
    return { startedAt: this.startedAt, published: pad(this.confirmSeconds), consumed: pad(this.deliverySeconds) };
  }

  private bump(series: number[], at: number): void {
    const second = Math.floor((at - this.startedAt) / 1000);
    while (series.length <= second) series.push(0);
    series[second]++;
  }
}

function longestGap(times: number[], from: number, to: number): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i] < from || times[i - 1] > to) continue;
    longest = Math.max(longest, times[i] - times[i - 1]);
  }
  return longest;
}
