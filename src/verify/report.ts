// The report of one verify run: JSON (report.json, --json) and the human summary.
import type { ClientStats, Ledger, LedgerCounts, Window } from './ledger.ts';
import type { FaultKind } from './nodes.ts';
import type { VerifyPlan } from './plan.ts';

export interface FaultRecord {
  node: string; // the node the fault hit
  target: string; // what --node asked for (leader, clients, first, a name)
  fault: FaultKind;
  cutFrom: string[]; // partitions: the nodes it was cut from
  confirmedAtInjection: number;
  confirmedDuringFault: number; // confirms between injection and heal, every client
  injectedAtSec: number;
  restoredAtSec: number;
  wholeAtSec: number; // when the cluster was whole again, or when the wait gave up (whole false)
  whole: boolean;
  settledAtSec: number; // whole and replicas in sync (or the sync wait gave up)
  inSync: boolean;
  leaderAtInjection: string | null;
  leaderAfter: string | null;
  leaderBeforeHeal: string | null; // where a surviving node saw the leader at the end of the hold (null: none answered)
  membersBeforeHeal: string[] | null; // the queue's replicas that were up at the end of the hold, as a node answered within 5 s (null: none did)
  clientNodesAtInjection: Record<string, string>;
  clientNodesAfter: Record<string, string>;
  producerRecoveryMs: number; // longest confirm gap, all publishers, injection..settled
  consumerRecoveryMs: number;
  recoveryMs: Record<string, number>; // per client
  duringFault: Record<string, ClientStats>; // per client, counted from injection to heal
}

const SAMPLE = 20;
const GROUP_IDS = 100;

export interface VerifyReport extends LedgerCounts {
  queue: string;
  queueType: string;
  messagesRequested: number | null; // the --messages cap, if any
  ratePerSec: number;
  clientMode: string;
  consume: string;
  clients: Array<{ name: string; via: string }>;
  clientStats: Record<string, ClientStats>;
  durationMs: number;
  leaderAtStart: string | null;
  faults: FaultRecord[];
  maxConfirmGapMs: number; // the longest time with no new confirm, over the whole run
  publisherReconnects: number;
  consumerReconnects: number;
  lostSample: string[];
  lostByNode: Record<string, { count: number; ids: string[] }>; // by the node that confirmed them
  lostByWindow: Record<string, { count: number; ids: string[] }>; // by the fault window of the confirm
  unexpectedSample: string[];
  problems: string[]; // what kept the run from a clean outcome (a node that never came back), besides losses
  passed: boolean;
}

export function buildReport(input: {
  plan: VerifyPlan;
  ledger: Ledger;
  counts: LedgerCounts;
  records: FaultRecord[];
  windows: Window[];
  leaderAtStart?: string;
  clients: Array<{ name: string; via: string }>;
  problems?: string[];
}): VerifyReport {
  const { plan, ledger, counts } = input;
  const stats = ledger.clientStats();
  const reconnects = (prefix: string) => Object.entries(stats).reduce((n, [name, s]) => n + (name.startsWith(prefix) ? s.reconnects : 0), 0);
  const groups = (by: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(by).map(([k, ids]) => [k, { count: ids.length, ids: ids.slice(0, GROUP_IDS) }]));
  return {
    ...counts,
    queue: plan.target.queue,
    queueType: plan.target.queueType,
    messagesRequested: plan.messages ?? null,
    ratePerSec: plan.rate,
    clientMode: plan.clients,
    consume: plan.consume,
    clients: input.clients,
    clientStats: stats,
    durationMs: Date.now() - ledger.startedAt,
    leaderAtStart: input.leaderAtStart ?? null,
    faults: input.records,
    maxConfirmGapMs: ledger.maxConfirmGap(),
    publisherReconnects: reconnects('pub'),
    consumerReconnects: reconnects('sub'),
    lostSample: ledger.lostIds().slice(0, SAMPLE),
    lostByNode: groups(ledger.lostByNode()),
    lostByWindow: groups(ledger.lostByWindow(input.windows)),
    unexpectedSample: ledger.unexpectedIds().slice(0, SAMPLE),
    problems: input.problems ?? [],
    passed: counts.lost === 0 && counts.unexpected === 0 && counts.confirmed > 0 && !input.problems?.length,
  };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pairs = (o: Record<string, string | number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** The human summary printed at the end of `warren verify`. */
export function formatReport(r: VerifyReport): string {
  const lines = [
    `queue ${r.queue} (${r.queueType}), ${r.ratePerSec}/s, clients ${r.clientMode} (${r.clients.map((c) => `${c.name}@${c.via}`).join(' ')}), consume ${r.consume}, ${sec(r.durationMs)}`,
    `attempted=${r.attempted} confirmed=${r.confirmed} unconfirmed=${r.unconfirmed} nacked=${r.nacked} republished=${r.republished} returned=${r.returned} unconfirmed_timeouts=${r.timedOut}`,
    `consumed=${r.consumed} deliveries=${r.deliveries} duplicates=${r.duplicates} lost=${r.lost} unexpected=${r.unexpected}`,
    `reconnects: publisher=${r.publisherReconnects} consumer=${r.consumerReconnects}; longest time without a confirm ${sec(r.maxConfirmGapMs)}`,
  ];
  for (const f of r.faults) {
    const cut = f.cutFrom.length ? ` (cut from ${f.cutFrom.join(', ')})` : '';
    lines.push(
      `fault ${f.fault} ${f.node}${cut} [--node ${f.target}] at ${f.injectedAtSec.toFixed(1)} s, healed ${f.restoredAtSec.toFixed(1)} s, ${f.whole ? 'whole' : 'NOT whole, gave up at'} ${f.wholeAtSec.toFixed(1)} s, ` +
        `replicas ${f.inSync ? 'in sync' : 'NOT in sync'} ${f.settledAtSec.toFixed(1)} s; confirmed during the fault ${f.confirmedDuringFault}`,
      `  leader ${f.leaderAtInjection ?? '?'} -> ${f.leaderAfter ?? '?'} (during the fault ${f.leaderBeforeHeal ?? '?'}); replicas up before the heal ${f.membersBeforeHeal?.join(', ') ?? '?'}; clients at injection ${pairs(f.clientNodesAtInjection)}; after ${pairs(f.clientNodesAfter)}`,
      `  recovery ${pairs(Object.fromEntries(Object.entries(f.recoveryMs).map(([c, ms]) => [c, sec(ms)])))}; ` +
        `timeouts/nacks/reconnects during the fault ${pairs(Object.fromEntries(Object.entries(f.duringFault).map(([c, s]) => [c, `${s.timedOut}/${s.nacked}/${s.reconnects}`])))}`,
    );
  }
  if (r.lost > 0) {
    lines.push(`LOST (confirmed, never consumed), first ids: ${r.lostSample.join(', ')}`);
    lines.push(`  by confirming node: ${pairs(Object.fromEntries(Object.entries(r.lostByNode).map(([k, g]) => [k, g.count])))}`);
    lines.push(
      `  by fault window: ${Object.entries(r.lostByWindow)
        .map(([k, g]) => `${k}: ${g.count}`)
        .join('; ')}`,
    );
  }
  for (const problem of r.problems) lines.push(`PROBLEM: ${problem}`);
  if (r.unexpected > 0) lines.push(`UNEXPECTED (consumed, never published), first ids: ${r.unexpectedSample.join(', ')}`);
  lines.push(r.passed ? 'PASSED: every confirmed message was consumed' : 'FAILED: see lost/unexpected/problems above');
  return lines.join('\n');
}
