// The failover proof: publish with confirms and consume through HAProxy, inject a fault on a
// node mid-stream, restore it, wait for the cluster to be whole, drain, and account for every id.
import { Ledger, type LedgerCounts } from './ledger.ts';
import { ConfirmingPublisher } from './publisher.ts';
import { AckingConsumer } from './consumer.ts';
import { renderChart, type ChartMark } from './chart.ts';
import { type AmqpTarget, resetQueue, sleep } from './amqp-target.ts';

export type FaultKind = 'stop' | 'kill' | 'partition' | 'none';

/** Fault injection on one RabbitMQ node (over SSH, or the lab for partitions). */
export interface NodeControl {
  name: string;
  inject(fault: FaultKind): Promise<void>;
  restore(fault: FaultKind): Promise<void>;
}

export interface ClusterCheck {
  /** Resolves once every node runs and no partition is reported. */
  waitUntilWhole(timeoutMs: number): Promise<void>;
}

export interface VerifyPlan {
  target: AmqpTarget;
  messages: number;
  rate: number;
  fault: FaultKind;
  nodes: NodeControl[]; // faulted in turn
  faultHoldMs: number; // how long a node stays down
  confirmTimeoutMs: number;
  prefetch: number;
  drainTimeoutMs: number;
  log: (line: string) => void;
}

export interface FaultRecord {
  node: string;
  fault: FaultKind;
  confirmedAtInjection: number; // the rest were published across the fault
  injectedAtSec: number;
  restoredAtSec: number;
  wholeAtSec: number;
  producerRecoveryMs: number;
  consumerRecoveryMs: number;
}

export interface VerifyReport extends LedgerCounts {
  queue: string;
  queueType: string;
  messagesRequested: number;
  durationMs: number;
  faults: FaultRecord[];
  publisherReconnects: number;
  consumerReconnects: number;
  lostSample: string[];
  unexpectedSample: string[];
  passed: boolean;
}

export async function runVerification(plan: VerifyPlan, cluster: ClusterCheck): Promise<{ report: VerifyReport; chart: string }> {
  await resetQueue(plan.target);
  const ledger = new Ledger();
  const since = (t: number) => (t - ledger.startedAt) / 1000;
  const consumer = new AckingConsumer(plan.target, ledger, { prefetch: plan.prefetch, log: plan.log });
  const publisher = new ConfirmingPublisher(plan.target, ledger, {
    runId: ledger.startedAt.toString(36),
    total: plan.messages,
    rate: plan.rate,
    confirmTimeoutMs: plan.confirmTimeoutMs,
    maxInFlight: Math.max(50, plan.rate),
    log: plan.log,
  });
  consumer.start();
  const publishing = publisher.run();
  const faults: FaultRecord[] = [];
  const targets = plan.fault === 'none' ? [] : plan.nodes;

  for (const [index, node] of targets.entries()) {
    const threshold = Math.floor((plan.messages * (index + 1)) / (targets.length + 2));
    while (ledger.counts().confirmed < threshold && !publisher.done) await sleep(20);
    const injectedAt = Date.now();
    const confirmedAtInjection = ledger.counts().confirmed;
    plan.log(`fault: ${plan.fault} ${node.name} after ${confirmedAtInjection} confirmed`);
    await node.inject(plan.fault);
    await sleep(plan.faultHoldMs);
    const restoredAt = Date.now();
    plan.log(`fault: restoring ${node.name}`);
    await node.restore(plan.fault);
    await cluster.waitUntilWhole(180_000);
    const wholeAt = Date.now();
    plan.log(`cluster whole again ${((wholeAt - injectedAt) / 1000).toFixed(1)} s after the fault`);
    faults.push({
      node: node.name,
      fault: plan.fault,
      confirmedAtInjection,
      injectedAtSec: since(injectedAt),
      restoredAtSec: since(restoredAt),
      wholeAtSec: since(wholeAt),
      producerRecoveryMs: ledger.confirmGap(injectedAt, wholeAt),
      consumerRecoveryMs: ledger.deliveryGap(injectedAt, wholeAt),
    });
  }

  await publishing;
  await drain(ledger, plan.drainTimeoutMs);
  await consumer.stop();

  const counts = ledger.counts();
  const report: VerifyReport = {
    ...counts,
    queue: plan.target.queue,
    queueType: plan.target.queueType,
    messagesRequested: plan.messages,
    durationMs: Date.now() - ledger.startedAt,
    faults,
    publisherReconnects: publisher.disconnects,
    consumerReconnects: consumer.disconnects,
    lostSample: ledger.lostIds().slice(0, 20),
    unexpectedSample: ledger.unexpectedIds().slice(0, 20),
    passed: counts.lost === 0 && counts.unexpected === 0 && counts.confirmed === plan.messages,
  };
  const marks: ChartMark[] = faults.flatMap((f) => [
    { label: `${f.fault} ${f.node}`, fromSec: f.injectedAtSec, toSec: f.restoredAtSec, kind: 'fault' as const },
    { label: 'restored, rejoining', fromSec: f.restoredAtSec, toSec: f.wholeAtSec, kind: 'recovery' as const },
  ]);
  const title = `warren verify: ${plan.target.queueType} queue, ${plan.fault} — lost ${counts.lost}, unexpected ${counts.unexpected}`;
  return { report, chart: renderChart(ledger.timeline(), marks, title) };
}

/** Waits until every confirmed id was consumed, or until nothing new arrives for the timeout. */
async function drain(ledger: Ledger, timeoutMs: number): Promise<void> {
  let last = ledger.counts().deliveries;
  let quietSince = Date.now();
  while (!ledger.drained()) {
    await sleep(100);
    const now = ledger.counts().deliveries;
    if (now !== last) [last, quietSince] = [now, Date.now()];
    else if (Date.now() - quietSince > timeoutMs) return;
  }
}
