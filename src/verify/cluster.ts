// What the broker says about itself, read over SSH with rabbitmqctl on whichever node answers:
// is the cluster whole, where is the test queue's leader, are its replicas in sync, and on
// which node did each of our client connections land.
import type { Connection } from '../connection/connection.ts';
import { WarrenError } from '../core/errors.ts';
import { sleep, type QueueType } from './amqp-target.ts';

export interface QueueState {
  leader?: string; // inventory name of the node holding the leader (quorum) or master (mirrored)
  members: string[]; // nodes holding a replica that is up
  inSync: boolean; // every node holds a replica that is up and caught up
}

export interface ClusterProbe {
  /** Resolves once every node runs and no partition is reported. */
  waitUntilWhole(timeoutMs: number): Promise<void>;
  /** Who a lingering partition involves (both empty: no partition is reported). */
  partitioned(): Promise<Partitioned>;
  /** `avoid`: a node asked last (the faulted one, whose own view is stale or which cannot answer). */
  queueState(avoid?: string): Promise<QueueState>;
  /** Resolves true once the queue has an in-sync replica on every node, false at the timeout. */
  waitUntilInSync(timeoutMs: number): Promise<boolean>;
  /** Connection name -> node, for connections whose name starts with `prefix`. */
  connectionNodes(prefix: string): Promise<Map<string, string>>;
}

export interface ProbeNode {
  name: string; // inventory name
  conn: Connection;
}

/** rabbit@rmq1 -> rmq1; a pid <rabbit@rmq1.1.2.0> -> rmq1. */
export function nodeNames(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9_-]+@([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}

/**
 * The nodes a partition left cut off: each node's `partitions` lists the peers it lost, and a
 * node that more than half of all nodes lost is on the minority side (rmq1 cut from rmq2 and
 * rmq3: both list rmq1; rmq1's own list of the two others is one vote each). Without enough
 * answers nobody is named: the isolated node alone would name the majority.
 */
export function cutOffFrom(partitionsByReporter: Array<Record<string, unknown> | unknown[] | undefined>): string[] {
  const listedBy = new Map<string, number>();
  for (const partitions of partitionsByReporter) {
    const lost = Array.isArray(partitions) ? partitions : Object.values(partitions ?? {});
    for (const peer of new Set(nodeNames(JSON.stringify(lost)))) listedBy.set(peer, (listedBy.get(peer) ?? 0) + 1);
  }
  return [...listedBy]
    .filter(([, n]) => n * 2 > partitionsByReporter.length)
    .map(([node]) => node)
    .sort();
}

/**
 * The nodes that keep a partition in their own list (`partitions` maps each running node to the
 * peers it lost). RabbitMQ clears a node's list only when that node restarts or when it alone is
 * left, so restarting the lost peer does not always clear it (seen in the matrix at 18:18 on
 * 2026-12-02: rmq1 kept listing rmq3 through eight restarts of rmq3).
 */
export function reportersFrom(partitionsByReporter: Array<Record<string, unknown> | unknown[] | undefined>): string[] {
  const reporters = new Set<string>();
  for (const partitions of partitionsByReporter) {
    if (!partitions || Array.isArray(partitions)) continue;
    for (const [node, lost] of Object.entries(partitions)) if (Array.isArray(lost) && lost.length > 0) for (const name of nodeNames(node)) reporters.add(name);
  }
  return [...reporters].sort();
}

export interface Partitioned {
  cutOff: string[]; // lost by more than half of all nodes: the minority side
  reporters: string[]; // keep a partition in their own list
}

/** rc 69 from the first half: the node's own app is not running (stopped, paused, or still booting). */
const WHOLE_COMMAND = 'rabbitmq-diagnostics -q check_running >/dev/null 2>&1 || exit 69; rabbitmqctl -q cluster_status --formatter json';

/** One node's answer to WHOLE_COMMAND: does its app run, does it see every node running and no partition. */
export function judgeWhole(r: { code: number | null; stdout: string; stderr: string }, expected: number): { running: boolean; whole: boolean; said: string } {
  if (r.code === 69 && !r.stdout.trim()) return { running: false, whole: false, said: 'its RabbitMQ app is not running (stopped, paused or still booting)' };
  if (r.code !== 0)
    return {
      running: false,
      whole: false,
      said:
        r.stderr
          .trim()
          .replace(/\s*\n\s*/g, ' ')
          .slice(0, 200) || `rc=${r.code}`,
    };
  const status = parseStatus(r.stdout);
  // Not JSON (seen once in CI after a partial partition): that node did not answer this round.
  if (!status) return { running: true, whole: false, said: `cluster_status printed no JSON: ${r.stdout.trim().slice(0, 80)}` };
  const running = status.running_nodes?.length ?? 0;
  const partitions = Object.keys(status.partitions ?? {}).length;
  return { running: true, whole: running === expected && partitions === 0, said: `${running}/${expected} nodes running, ${partitions} partitions` };
}

type ClusterStatusJson = { running_nodes?: string[]; partitions?: Record<string, unknown> | unknown[] };

/** cluster_status --formatter json, or undefined when the output is not a JSON object. */
export function parseStatus(text: string): ClusterStatusJson | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as ClusterStatusJson) : undefined;
  } catch {
    return undefined;
  }
}

export function sshClusterProbe(nodes: ProbeNode[], queue: string, queueType: QueueType, vhost: string): ClusterProbe {
  const q = shellQuote(queue);
  const v = shellQuote(vhost);
  /** The first node that answers `command` with rc 0; the faulted node is usually skipped by failing. */
  const ask = async (command: string, avoid?: string): Promise<string> => {
    let last = 'no node answered';
    for (const node of [...nodes.filter((n) => n.name !== avoid), ...nodes.filter((n) => n.name === avoid)]) {
      const r = await node.conn.exec(command, { timeoutMs: 20_000 }).catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }));
      if (r.code === 0) return r.stdout;
      last = `${node.name}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
    }
    throw new WarrenError(last);
  };

  const queueState = async (avoid?: string): Promise<QueueState> => {
    if (queueType === 'quorum') {
      // One row per member: its Raft state (leader/follower, or noproc/timeout when down).
      const rows = JSON.parse(await ask(`rabbitmq-queues -q quorum_status ${q} --vhost ${v} --formatter json`, avoid)) as Array<Record<string, unknown>>;
      const stateOf = (row: Record<string, unknown>) => String(row['Raft State'] ?? '');
      const nodeOf = (row: Record<string, unknown>) => nodeNames(String(row['Node Name'] ?? ''))[0] ?? '';
      const up = rows.filter((row) => ['leader', 'follower'].includes(stateOf(row)));
      const leader = rows.find((row) => stateOf(row) === 'leader');
      return { leader: leader && nodeOf(leader), members: up.map(nodeOf), inSync: Boolean(leader) && up.length === nodes.length };
    }
    // Plain text: the JSON formatter prints pids without their node (#PID<12694.1277.0>).
    const text = await ask(`rabbitmqctl -s list_queues -p ${v} name pid synchronised_slave_pids`, avoid);
    const row = text.split('\n').find((line) => line.split('\t')[0] === queue);
    if (!row) return { members: [], inSync: false };
    const [, pid = '', synchronised = ''] = row.split('\t');
    const leader = nodeNames(pid)[0];
    const members = [...new Set([...(leader ? [leader] : []), ...nodeNames(synchronised)])];
    return { leader, members, inSync: Boolean(leader) && members.length === nodes.length };
  };

  return {
    async waitUntilWhole(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const last = new Map<string, string>(); // each node's latest answer, all of them in the error
      while (Date.now() < deadline) {
        // Every node asked at once: each must run its own app, since cluster_status counts a node
        // as running once its Mnesia is up, even while its boot hangs (rmq1, 14 min, 2026-12-03).
        const answers = await Promise.all(
          nodes.map(async (node) => {
            const r = await node.conn.exec(WHOLE_COMMAND, { timeoutMs: 20_000 }).catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }));
            return { node: node.name, ...judgeWhole(r, nodes.length) };
          }),
        );
        for (const a of answers) last.set(a.node, a.said);
        if (answers.every((a) => a.running) && answers.some((a) => a.whole)) return;
        await sleep(1000);
      }
      const seen = [...last].map(([node, said]) => `${node}: ${said}`).join('; ');
      throw new WarrenError(`cluster not whole after ${timeoutMs / 1000} s (${seen || 'no node answered'})`);
    },
    async partitioned() {
      const views = await Promise.all(
        nodes.map((node) =>
          node.conn
            .exec('rabbitmqctl -q cluster_status --formatter json', { timeoutMs: 20_000 })
            .then((r) => (r.code === 0 ? parseStatus(r.stdout)?.partitions : undefined))
            .catch(() => undefined),
        ),
      );
      return { cutOff: cutOffFrom(views), reporters: reportersFrom(views) };
    },
    queueState,
    async waitUntilInSync(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const state = await queueState().catch(() => undefined);
        if (state?.inSync) return true;
        await sleep(1000);
      }
      return false;
    },
    async connectionNodes(prefix) {
      // Plain text, one connection a line: its pid (naming the node) and its client properties,
      // which carry our connection_name; no JSON, since a property table is no JSON value.
      const text = await ask('rabbitmqctl -s list_connections pid client_properties');
      const found = new Map<string, string>();
      const named = new RegExp(`${escapeRegExp(prefix)}\\S+ #\\d+`);
      for (const line of text.split('\n')) {
        const name = line.match(named)?.[0];
        const node = nodeNames(line.split('\t')[0] ?? '')[0];
        if (name && node) found.set(name, node);
      }
      return found;
    },
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
