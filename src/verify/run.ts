// The failover proof: publish with confirms and consume (through HAProxy or pinned to nodes)
// for as long as the schedule runs, inject each fault on the node it targets at that moment
// (the queue's leader, the clients' node, ...), heal it, wait until the cluster is whole and the
// queue's replicas are in sync, settle, drain, and account for every id.
import { Ledger, type LedgerCounts } from './ledger.ts';
import { ConfirmingPublisher } from './publisher.ts';
import { AckingConsumer } from './consumer.ts';
import { renderChart } from './chart.ts';
import { type AmqpTarget, type Endpoint, resetQueue, sleep, sleepUnless } from './amqp-target.ts';
import type { ClusterProbe } from './cluster.ts';
import type { FaultKind, Faults } from './nodes.ts';
import { assignEndpoints, type ClientMode, countersBetween, faultSlots, faultWindows, resolveNode } from './schedule.ts';
import type { VerifyPlan } from './plan.ts';
import { buildReport, type FaultRecord, type VerifyReport } from './report.ts';

export type { FaultKind } from './nodes.ts';

/** How long the probe of the replicas at the end of a fault may take (see its use). */
export const MEMBERS_PROBE_MS = 20_000;
export type { FaultRecord, VerifyReport } from './report.ts';
export type { VerifyPlan } from './plan.ts';

export async function runVerification(plan: VerifyPlan, faults: Faults, probe: ClusterProbe): Promise<{ report: VerifyReport; chart: string }> {
  const endpointOf = (via: string): Endpoint => (via === 'haproxy' ? plan.target.haproxy : plan.target.nodes[via]!);
  await resetQueue(plan.target, endpointOf(plan.declareOn ?? 'haproxy'));
  const ledger = new Ledger();
  const runId = ledger.startedAt.toString(36);
  const prefix = `warren-verify ${runId} `;
  const since = (t: number) => (t - ledger.startedAt) / 1000;

  // Where each connection landed: pinned clients are known; HAProxy's are asked of the broker.
  const unlocated = new Map<string, number>(); // connection name -> lookups left
  const connected = (via: string) => (name: string) => (via === 'haproxy' ? unlocated.set(name, 10) : ledger.located(name, via));
  const locate = async () => {
    if (unlocated.size === 0) return;
    const found = await probe.connectionNodes(prefix).catch(() => new Map<string, string>());
    for (const [name, left] of unlocated) {
      const node = found.get(name);
      if (node) ledger.located(name, node);
      // a connection that closed before the broker listed it stays unknown
      if (node || left <= 1) unlocated.delete(name);
      else unlocated.set(name, left - 1);
    }
  };
  let locating = true;
  const locator = (async () => {
    while (locating) {
      await locate();
      await sleep(1000);
    }
  })();
  // The leader track of the chart: sampled for the whole run (an unanswered probe counts as unknown).
  let faulted: string | undefined; // the node under a fault now: asked last
  const leaderOf = async () => {
    const state = await probe.queueState(faulted).catch(() => undefined);
    ledger.leaderSeen(state?.leader);
    return state;
  };
  const leaderWatch = (async () => {
    while (locating) {
      await leaderOf();
      await sleep(2000);
    }
  })();

  const pubVia = assignEndpoints(plan.clients, plan.publishers, plan.nodes);
  const subVia = assignEndpoints(plan.clients, plan.consumers, plan.nodes);
  const publishers = pubVia.map(
    (via, i) =>
      new ConfirmingPublisher(plan.target, ledger, {
        name: `pub${i + 1}`,
        endpoint: endpointOf(via),
        runId,
        rate: plan.rate / plan.publishers,
        confirmTimeoutMs: plan.confirmTimeoutMs,
        maxInFlight: Math.max(50, Math.ceil(plan.rate / plan.publishers)),
        connected: connected(via),
        mayStartNew: () => plan.messages === undefined || ledger.attemptedCount < plan.messages,
        log: plan.log,
      }),
  );
  const consumers = subVia.map(
    (via, i) =>
      new AckingConsumer(plan.target, ledger, {
        name: `sub${i + 1}`,
        endpoint: endpointOf(via),
        runId,
        prefetch: plan.prefetch,
        connected: connected(via),
        log: plan.log,
      }),
  );
  // After every consumer closed, a fresh one reads what is left: a message held unacknowledged
  // by a consumer comes back to the queue only then, and it is not lost (Jepsen's final drain).
  const sweepOptions = { name: 'sweep', runId, prefetch: plan.prefetch, connected: () => undefined, log: plan.log };
  const sweep = async (consumer: AckingConsumer) => {
    const before = ledger.counts().consumed;
    consumer.start();
    await drain(ledger, Math.min(plan.drainTimeoutMs, 15_000));
    await consumer.stop();
    plan.log(`final sweep: ${ledger.counts().consumed - before} confirmed id(s) were still in the queue after the consumers closed`);
  };
  const clients = [...publishers, ...consumers];
  const clientNodes = async () => {
    await locate();
    const out: Record<string, string> = {};
    for (const c of clients) {
      const node = c.currentConnection && ledger.nodeOfConnection(c.currentConnection);
      out[c.name] = node || 'disconnected';
    }
    return out;
  };

  const records: FaultRecord[] = [];
  const problems: string[] = [];
  let leaderAtStart: string | undefined;
  let publishing: Promise<void>[] = [];
  try {
    if (plan.consume === 'during') for (const c of consumers) c.start();
    publishing = publishers.map((p) => p.run());
    // The lead runs while the broker is asked where the leader is (a CLI call of seconds), not after it.
    const leadOver = sleepUnless(plan.leadMs, plan.finish);
    leaderAtStart = (await leaderOf())?.leader;
    plan.log(`publishing at ${plan.rate}/s with ${publishers.length} publisher(s) (${pubVia.join(', ')}); queue leader on ${leaderAtStart ?? 'unknown'}`);
    await leadOver;

    const slots = plan.fault === 'none' ? [] : faultSlots(plan.node, plan.nodes);
    for (const slot of slots) {
      if (plan.finish?.aborted) break;
      // A queue declared moments ago may not have elected its leader yet: targeting it waits for one.
      let [state, clientNodesAtInjection] = await Promise.all([leaderOf(), clientNodes()]);
      for (let waited = 0; !state?.leader && ['leader', 'follower'].includes(slot) && waited < 30_000; waited += 1000) {
        await sleep(1000);
        state = await leaderOf();
      }
      const leaderAtInjection = state?.leader;
      let node: string;
      try {
        node = resolveNode(slot, { nodes: plan.nodes, leader: leaderAtInjection, clientNodes: clientNodesAtInjection, firstPublisher: publishers[0]!.name });
      } catch (err) {
        // No fault without its target; the run goes on to account for what it published.
        problems.push(`fault not injected: ${(err as Error).message}`);
        plan.log(`fault: not injected: ${(err as Error).message}`);
        continue;
      }
      const before = ledger.clientStats();
      const injectedAt = Date.now();
      const confirmedAtInjection = ledger.counts().confirmed;
      plan.log(`fault: ${plan.fault} ${node} (--node ${slot}; leader on ${leaderAtInjection ?? 'unknown'}; clients on ${fmt(clientNodesAtInjection)})`);
      faulted = node;
      const cutFrom = await faults.inject(plan.fault, node);
      await sleep(plan.holdMs);
      // What the fault did to the queue, seen by a node other than the faulted one. Bounded, since
      // before a cut is detected the broker's status calls wait on the cut node: quorum_status waits
      // 5 s per unreachable member (sys:get_status) on top of the CLI's start-up, so the bound is 20 s.
      const askedAt = Date.now();
      const duringHold = await Promise.race([leaderOf(), sleep(MEMBERS_PROBE_MS)]);
      const membersBeforeHeal = duringHold?.members ?? null;
      const leaderBeforeHeal = duringHold?.leader ?? null;
      plan.log(
        `fault: replicas up before the heal: ${membersBeforeHeal?.join(', ') ?? `no answer within ${MEMBERS_PROBE_MS / 1000} s`}; leader ${leaderBeforeHeal ?? 'unknown'} (${Date.now() - askedAt} ms)`,
      );
      const restoredAt = Date.now();
      const duringFault = countersBetween(before, ledger.clientStats());
      plan.log(`fault: healing ${node}`);
      await faults.restore(plan.fault, node);
      faulted = undefined;
      // A node that does not come back is a finding of this run, not a reason to abandon it: the
      // clients keep running, the ids are still accounted for, and the report says so.
      const whole = await probe.waitUntilWhole(plan.wholeTimeoutMs).then(
        () => true,
        (err: Error) => {
          problems.push(`after the ${plan.fault} of ${node}: ${err.message}`);
          plan.log(`fault: ${err.message}`);
          return false;
        },
      );
      const wholeAt = Date.now();
      const inSync = whole && (await probe.waitUntilInSync(plan.syncTimeoutMs));
      const settledAt = Date.now();
      const [after, clientNodesAfter] = await Promise.all([leaderOf(), sleep(1500).then(clientNodes)]);
      const leaderAfter = after?.leader;
      plan.log(
        `cluster ${whole ? 'whole' : 'NOT whole'} ${((wholeAt - restoredAt) / 1000).toFixed(1)} s after the heal, replicas ${inSync ? 'in sync' : 'NOT in sync'}; leader now on ${leaderAfter ?? 'unknown'}`,
      );
      records.push({
        node,
        target: slot,
        fault: plan.fault,
        cutFrom,
        confirmedAtInjection,
        confirmedDuringFault: ledger.confirmedBetween(injectedAt, restoredAt),
        injectedAtSec: since(injectedAt),
        restoredAtSec: since(restoredAt),
        wholeAtSec: since(wholeAt),
        whole,
        settledAtSec: since(settledAt),
        inSync,
        leaderAtInjection: leaderAtInjection ?? null,
        leaderAfter: leaderAfter ?? null,
        leaderBeforeHeal,
        membersBeforeHeal,
        clientNodesAtInjection,
        clientNodesAfter,
        producerRecoveryMs: ledger.confirmGap(injectedAt, settledAt),
        consumerRecoveryMs: ledger.deliveryGap(injectedAt, settledAt),
        recoveryMs: Object.fromEntries(
          clients.map((c) => [
            c.name,
            c.name.startsWith('pub') ? ledger.confirmGap(injectedAt, settledAt, c.name) : ledger.deliveryGap(injectedAt, settledAt, c.name),
          ]),
        ),
        duringFault,
      });
    }

    await sleepUnless(plan.settleMs, plan.finish);
    for (const p of publishers) p.stop(plan.finishTimeoutMs);
    await Promise.all(publishing);
    if (plan.consume === 'after') for (const c of consumers) c.start();
    await drain(ledger, plan.drainTimeoutMs);
    await Promise.all(consumers.map((c) => c.stop()));
    if (!ledger.drained()) await sweep(new AckingConsumer(plan.target, ledger, { ...sweepOptions, endpoint: endpointOf(subVia[0] ?? pubVia[0]!) }));
    locating = false;
    await Promise.all([locator, leaderWatch]);
  } catch (err) {
    // Whatever broke the run, its clients stop here: left running they would publish into the next run's queue.
    locating = false;
    for (const p of publishers) p.stop(0);
    await Promise.all([...publishing, ...consumers.map((c) => c.stop()), locator, leaderWatch]).catch(() => undefined);
    throw err;
  }

  const windows = faultWindows(
    records.map((f, i) => ({
      label: `fault ${i + 1} (${f.fault} ${f.node})`,
      injectedAt: ledger.startedAt + f.injectedAtSec * 1000,
      settledAt: ledger.startedAt + f.settledAtSec * 1000,
    })),
  );
  const counts: LedgerCounts = ledger.counts();
  const report = buildReport({
    plan,
    ledger,
    counts,
    records,
    windows,
    leaderAtStart,
    problems,
    clients: [...pubVia.map((via, i) => ({ name: `pub${i + 1}`, via })), ...subVia.map((via, i) => ({ name: `sub${i + 1}`, via }))],
  });
  const title = `warren verify: ${plan.target.queueType} queue, ${plan.fault} --node ${plan.node}, clients ${plan.clients} — lost ${counts.lost}, unexpected ${counts.unexpected}`;
  return { report, chart: renderChart(ledger.timeline(), records, title) };
}

function fmt(nodes: Record<string, string>): string {
  return Object.entries(nodes)
    .map(([client, node]) => `${client}=${node}`)
    .join(' ');
}

/** Waits until every confirmed id was consumed, or until nothing new arrives for the timeout. */
async function drain(ledger: Ledger, timeoutMs: number): Promise<void> {
  let last = ledger.deliveryTotal;
  let quietSince = Date.now();
  while (!ledger.drained()) {
    await sleep(200);
    const now = ledger.deliveryTotal;
    if (now !== last) [last, quietSince] = [now, Date.now()];
    else if (Date.now() - quietSince > timeoutMs) return;
  }
}
