// rabbitmq_cluster_facts: this node's view of its cluster as ansible_facts.rabbitmq_cluster.
// Members are given both as node names (rabbit@rmq1) and as host names (rmq1), so plays can
// test `inventory_hostname in rabbitmq_cluster.running_hosts` without string building.
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ModuleContext } from '../module.ts';
import { type LoginArgs, loginArgsProperties, managementLogin } from './broker-http.ts';
import { brokerState } from './broker-state.ts';
import { ctlJson, MISSING_CLI, parseJsonOutput, runProbe } from './cli.ts';

export interface ClusterFactsArgs extends LoginArgs {
  /** ask another node (`rabbitmqctl -n NODE`); default: the local node */
  node?: string;
}

export interface ClusterFacts {
  installed: boolean;
  cluster_name: string;
  running_nodes: string[];
  disk_nodes: string[];
  ram_nodes: string[];
  nodes: string[];
  running_hosts: string[];
  hosts: string[];
  /** node -> nodes it cannot see (rabbitmqctl's shape) */
  partitions: Record<string, string[]>;
  partitioned_nodes: string[];
  alarms: unknown[];
  versions: Record<string, unknown>;
}

export type ClusterProbe = { missing: true } | { missing: false; output: string; rc: number };

interface ClusterStatusJson {
  cluster_name?: string;
  running_nodes?: string[];
  disk_nodes?: string[];
  ram_nodes?: string[];
  partitions?: Record<string, string[]> | unknown[];
  alarms?: unknown[];
  versions?: Record<string, unknown>;
}

export function hostOfNode(node: string): string {
  const at = node.indexOf('@');
  return at < 0 ? node : node.slice(at + 1);
}

/** Parses `rabbitmqctl cluster_status --formatter json` (3.8+). */
export function parseClusterStatus(output: string): ClusterFacts {
  const doc = parseJsonOutput<ClusterStatusJson>(output, 'cluster_status');
  const disk = [...(doc.disk_nodes ?? [])].sort();
  const ram = [...(doc.ram_nodes ?? [])].sort();
  const running = [...(doc.running_nodes ?? [])].sort();
  const partitions = Array.isArray(doc.partitions) || !doc.partitions ? {} : doc.partitions;
  const nodes = [...new Set([...disk, ...ram])].sort();
  return {
    installed: true,
    cluster_name: String(doc.cluster_name ?? ''),
    running_nodes: running,
    disk_nodes: disk,
    ram_nodes: ram,
    nodes,
    running_hosts: running.map(hostOfNode),
    hosts: nodes.map(hostOfNode),
    partitions,
    partitioned_nodes: Object.keys(partitions)
      .filter((n) => (partitions[n] ?? []).length > 0)
      .sort(),
    alarms: doc.alarms ?? [],
    versions: doc.versions ?? {},
  };
}

/** A plan made from facts of a host without rabbitmqctl: a real run fails, check mode goes on. */
export function blockedOn(facts: ClusterFacts): { blockedBy?: string } {
  return facts.installed ? {} : { blockedBy: MISSING_CLI };
}

export function emptyClusterFacts(): ClusterFacts {
  return {
    installed: false,
    cluster_name: '',
    running_nodes: [],
    disk_nodes: [],
    ram_nodes: [],
    nodes: [],
    running_hosts: [],
    hosts: [],
    partitions: {},
    partitioned_nodes: [],
    alarms: [],
    versions: {},
  };
}

/**
 * Facts from a probe; a node that does not answer is a failure (until/retries can wait for it).
 * Without rabbitmqctl the facts are empty (installed: false) and plans are blocked (see blockedOn).
 */
export function clusterFactsFromProbe(probe: ClusterProbe): ClusterFacts {
  if (probe.missing) return emptyClusterFacts();
  if (probe.rc !== 0) throw new ModuleFailure(`rabbitmqctl cluster_status failed (rc=${probe.rc}): ${probe.output.trim()}`, { rc: probe.rc });
  return parseClusterStatus(probe.output);
}

/**
 * cluster_status of the local node (from the broker's state read once per run when it could be
 * read) or of another node (`-n NODE`, always asked).
 */
export async function probeClusterStatus(ctx: ModuleContext, node?: string, login?: LoginArgs): Promise<ClusterProbe> {
  if (!node) {
    const broker = await brokerState(ctx, managementLogin(login ?? {}));
    if (broker.missing) return { missing: true };
    if (broker.cluster) return { missing: false, output: JSON.stringify(broker.cluster), rc: 0 };
  }
  const command = ctlJson(...(node ? ['-n', node] : []), 'cluster_status');
  const probe = await runProbe(ctx, [{ key: 'status', command }]);
  if (probe.missing) return { missing: true };
  const section = probe.sections.status;
  return { missing: false, output: section.output, rc: section.rc };
}

export const rabbitmqClusterFacts: ModuleDefinition<ClusterFactsArgs, ClusterFacts> = {
  name: 'rabbitmq_cluster_facts',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { node: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' }, ...loginArgsProperties },
  },
  async probe(ctx, args) {
    return clusterFactsFromProbe(await probeClusterStatus(ctx, args.node, args));
  },
  plan(facts): Plan {
    return { changed: false, result: { rabbitmq_cluster: facts, ansible_facts: { rabbitmq_cluster: facts } }, ...blockedOn(facts) };
  },
  async apply() {
    return { changed: false };
  },
};
