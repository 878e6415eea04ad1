// The pure parts of a verify run's plan: which endpoint each client uses, which node a fault
// lands on (decided at injection time from what the broker says), and the fault windows.
import { WarrenError } from '../core/errors.ts';
import type { ClientStats } from './ledger.ts';

export type ClientMode = 'haproxy' | 'direct' | 'mixed';
export const CLIENT_MODES: ClientMode[] = ['haproxy', 'direct', 'mixed'];
export const NODE_TARGETS = ['leader', 'follower', 'clients', 'first', 'each'];

/** Default client count: one through HAProxy; direct: one per node (as Jepsen did); mixed: both. */
export function defaultClientCount(mode: ClientMode, nodes: number): number {
  return mode === 'haproxy' ? 1 : mode === 'direct' ? nodes : nodes + 1;
}

/** 'haproxy' or a node name for each of `count` clients: direct clients are spread over the nodes in order. */
export function assignEndpoints(mode: ClientMode, count: number, nodes: string[]): string[] {
  return Array.from({ length: count }, (_, i) => {
    if (mode === 'haproxy') return 'haproxy';
    if (mode === 'direct') return nodes[i % nodes.length]!;
    return i === 0 ? 'haproxy' : nodes[(i - 1) % nodes.length]!;
  });
}

/** The faults of a run, in order: one per node for `each`, else one (resolved when it is injected). */
export function faultSlots(target: string, nodes: string[]): string[] {
  if (target === 'each') return [...nodes];
  if (NODE_TARGETS.includes(target)) return [target];
  if (!nodes.includes(target))
    throw new WarrenError(`--node ${target}: not a host of group rabbitmq (${nodes.join(', ')}), nor one of ${NODE_TARGETS.join(', ')}`);
  return [target];
}

export interface InjectionView {
  nodes: string[];
  leader?: string;
  clientNodes: Record<string, string>; // client name -> node its connection is on now
  firstPublisher: string;
}

/** The node a fault slot lands on now: the queue's leader, a follower, the first publisher's node, or a name. */
export function resolveNode(slot: string, view: InjectionView): string {
  switch (slot) {
    case 'first':
      return view.nodes[0]!;
    case 'leader':
      if (!view.leader) throw new WarrenError('--node leader: the broker reports no leader for the test queue');
      return view.leader;
    case 'follower': {
      const follower = view.nodes.find((n) => n !== view.leader);
      if (!follower) throw new WarrenError('--node follower: no node other than the leader');
      return follower;
    }
    case 'clients': {
      const node = view.clientNodes[view.firstPublisher];
      if (!node) throw new WarrenError(`--node clients: the broker does not list ${view.firstPublisher}'s connection`);
      return node;
    }
    default:
      return slot;
  }
}

export interface FaultTimes {
  label: string;
  injectedAt: number;
  settledAt: number; // cluster whole and replicas in sync (or the sync wait gave up)
}

/** The windows a lost id can fall in: each fault from its injection until the cluster settled. */
export function faultWindows(faults: FaultTimes[]): Array<{ label: string; from: number; to: number }> {
  return faults.map((f) => ({ label: f.label, from: f.injectedAt, to: f.settledAt }));
}

/** Per-client difference of counters between two snapshots. */
export function countersBetween(before: Record<string, ClientStats>, after: Record<string, ClientStats>): Record<string, ClientStats> {
  const out: Record<string, ClientStats> = {};
  for (const [client, now] of Object.entries(after)) {
    const then = before[client];
    const d = (k: keyof ClientStats) => now[k] - (then?.[k] ?? 0);
    out[client] = { confirmed: d('confirmed'), delivered: d('delivered'), nacked: d('nacked'), timedOut: d('timedOut'), reconnects: d('reconnects') };
  }
  return out;
}
