// rabbitmq_cluster_name: the cluster's name (`rabbitmqctl set_cluster_name`), set only when it
// differs, so check mode can say whether it would change.
import type { ModuleDefinition, Plan } from '../module.ts';
import { type LoginArgs, loginArgsProperties } from './broker-http.ts';
import { ctl, runSteps, planDetails } from './cli.ts';
import { blockedOn, clusterFactsFromProbe, probeClusterStatus, type ClusterFacts } from './rabbitmq-cluster-facts.ts';

export interface ClusterNameArgs extends LoginArgs {
  name: string;
}

export function planClusterName(facts: ClusterFacts, args: ClusterNameArgs): Plan {
  const changed = facts.cluster_name !== args.name;
  return {
    changed,
    result: { cluster_name: args.name },
    ...planDetails(changed, 'cluster_name', { cluster_name: facts.cluster_name || '(none)' }, { cluster_name: args.name }),
    ...(!facts.installed ? { msg: 'rabbitmq-server is not installed yet (check mode)' } : {}),
    ...blockedOn(facts),
  };
}

export const rabbitmqClusterName: ModuleDefinition<ClusterNameArgs, ClusterFacts> = {
  name: 'rabbitmq_cluster_name',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, ...loginArgsProperties },
  },
  async probe(ctx, args) {
    return clusterFactsFromProbe(await probeClusterStatus(ctx, undefined, args));
  },
  plan: planClusterName,
  async apply(ctx, args, plan) {
    await runSteps(ctx, [{ command: ctl('set_cluster_name', args.name) }], 'rabbitmq_cluster_name');
    return { changed: true, ...plan.result };
  },
};
