// rabbitmq_health: the gates of a rolling restart or upgrade, read in one round trip. Fails, with
// every reason at once, unless the cluster is whole (every expected host running), has no
// resource alarm and no partition, and this node may go down without a quorum queue losing its
// majority or a mirrored queue its last synchronised mirror. Read-only: it never changes anything.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { ctlJson, MISSING_CLI, parseJsonOutput, runProbe, type ProbeOutput } from './cli.ts';
import { emptyClusterFacts, hostOfNode, parseClusterStatus, type ClusterFacts } from './rabbitmq-cluster-facts.ts';

export const HEALTH_CHECKS = ['members', 'maintenance', 'alarms', 'partitions', 'quorum_critical', 'mirror_sync_critical'] as const;
export type HealthCheck = (typeof HEALTH_CHECKS)[number];

export interface HealthArgs {
  /** hosts (inventory names) that must be running members; default: no membership check */
  expected_hosts?: string[];
  checks?: HealthCheck[];
}

export interface HealthState {
  /** the host asking (its own maintenance does not count: it may be the node being revived) */
  host: string;
  missing: boolean;
  cluster: ClusterFacts;
  /** other nodes that are drained (rabbitmq-upgrade drain): an earlier roll stopped halfway */
  drained: string[];
  /** other nodes whose maintenance status the CLI could not read ("unknown": its call to them failed) */
  unreadable: string[];
  /** check -> the CLI's own explanation when it failed */
  critical: Partial<Record<HealthCheck, string>>;
}

const QUEUE_CHECKS: Partial<Record<HealthCheck, string>> = {
  quorum_critical: 'check_if_node_is_quorum_critical',
  mirror_sync_critical: 'check_if_node_is_mirror_sync_critical',
};

function checksOf(args: HealthArgs): HealthCheck[] {
  return args.checks?.length ? args.checks : [...HEALTH_CHECKS];
}

/** Reads the probe's sections into the state the plan judges. */
export function healthFromProbe(probe: ProbeOutput, checks: HealthCheck[], host: string): HealthState {
  if (probe.missing) return { host, missing: true, cluster: emptyClusterFacts(), drained: [], unreadable: [], critical: {} };
  const status = probe.sections.status!;
  if (status.rc !== 0)
    throw new ModuleFailure(`the node does not answer (rabbitmqctl cluster_status, rc=${status.rc}): ${status.output.trim()}`, { rc: status.rc });
  const critical: HealthState['critical'] = {};
  for (const check of checks) {
    const section = QUEUE_CHECKS[check] ? probe.sections[check] : undefined;
    if (section && section.rc !== 0) critical[check] = section.output.trim() || `exit code ${section.rc}`;
  }
  const maintenance = parseJsonOutput<{ maintenance_status?: Record<string, string> }>(status.output, 'cluster_status').maintenance_status ?? {};
  const others = Object.keys(maintenance)
    .filter((n) => hostOfNode(n) !== host)
    .sort();
  const said = (n: string) => maintenanceStatus(maintenance[n] ?? '');
  const drained = others.filter((n) => said(n) === 'drained');
  const unreadable = others.filter((n) => said(n) === 'unknown');
  return { host, missing: false, cluster: parseClusterStatus(status.output), drained, unreadable, critical };
}

/** cluster_status prints "not under maintenance", "marked for maintenance" (drained, coloured in
 * its text form) or "unknown" when its own call to that node failed. */
function maintenanceStatus(text: string): 'regular' | 'drained' | 'unknown' {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '').trim();
  if (plain === 'not under maintenance') return 'regular';
  return plain === 'unknown' ? 'unknown' : 'drained';
}

function alarmText(alarm: unknown): string {
  if (alarm && typeof alarm === 'object') {
    const a = alarm as Record<string, unknown>;
    const what = a.resource ?? a.type;
    return what ? `${String(what)} alarm${a.node ? ` on ${String(a.node)}` : ''}` : JSON.stringify(alarm);
  }
  return String(alarm);
}

/** Every reason the node may not be taken down now (empty: it may). */
export function healthProblems(state: HealthState, args: HealthArgs): string[] {
  const checks = checksOf(args);
  const c = state.cluster;
  const problems: string[] = [];
  if (checks.includes('members')) {
    const missing = (args.expected_hosts ?? []).filter((h) => !c.running_hosts.includes(h));
    if (missing.length) problems.push(`not running in the cluster: ${missing.join(', ')} (running: ${c.running_hosts.join(', ') || 'none'})`);
  }
  if (checks.includes('maintenance') && state.drained.length)
    problems.push(`other nodes are under maintenance (drained): ${state.drained.join(', ')}; revive them first (rabbitmq-upgrade revive)`);
  if (checks.includes('maintenance') && state.unreadable.length)
    problems.push(
      `the maintenance status of ${state.unreadable.join(', ')} could not be read from this node (rabbitmqctl's call to them failed: check the Erlang cookie and the links between the nodes)`,
    );
  if (checks.includes('alarms') && c.alarms.length) problems.push(`resource alarms: ${c.alarms.map(alarmText).join('; ')}`);
  if (checks.includes('partitions') && c.partitioned_nodes.length) problems.push(`network partition seen by: ${c.partitioned_nodes.join(', ')}`);
  if (state.critical.quorum_critical) problems.push(`quorum queues would lose their majority without this node: ${state.critical.quorum_critical}`);
  if (state.critical.mirror_sync_critical)
    problems.push(`mirrored queues would lose their last synchronised mirror without this node: ${state.critical.mirror_sync_critical}`);
  return problems;
}

export const rabbitmqHealth: ModuleDefinition<HealthArgs, HealthState> = {
  name: 'rabbitmq_health',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      expected_hosts: { type: 'array', items: { type: 'string' } },
      checks: { type: 'array', items: { enum: [...HEALTH_CHECKS] } },
    },
  },
  async probe(ctx, args) {
    const checks = checksOf(args);
    const sections = [{ key: 'status', command: ctlJson('cluster_status') }];
    for (const check of checks) {
      const command = QUEUE_CHECKS[check];
      if (command) sections.push({ key: check, command: ['rabbitmq-queues', '-q', command].map(shellQuote).join(' ') });
    }
    const state = healthFromProbe(await runProbe(ctx, sections), checks, ctx.host);
    return state;
  },
  plan(state, args): Plan {
    const problems = state.missing ? [] : healthProblems(state, args);
    if (problems.length) throw new ModuleFailure(`the cluster is not ready for this node to go down: ${problems.join('; ')}`, { problems });
    const c = state.cluster;
    return {
      changed: false,
      result: { rabbitmq_health: { healthy: true, running_hosts: c.running_hosts, alarms: c.alarms, partitioned_nodes: c.partitioned_nodes } },
      ...(state.missing ? { msg: 'rabbitmq-server is not installed yet (check mode): nothing to check', blockedBy: MISSING_CLI } : {}),
    };
  },
  async apply() {
    return { changed: false };
  },
};
