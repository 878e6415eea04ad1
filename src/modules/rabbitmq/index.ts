import type { ModuleDefinition } from '../module.ts';
import { rabbitmqClusterFacts } from './rabbitmq-cluster-facts.ts';
import { rabbitmqClusterName } from './rabbitmq-cluster-name.ts';
import { rabbitmqHealth } from './rabbitmq-health.ts';
import { rabbitmqPlugin } from './rabbitmq-plugin.ts';
import { rabbitmqPolicy } from './rabbitmq-policy.ts';
import { rabbitmqUser } from './rabbitmq-user.ts';
import { rabbitmqVhost } from './rabbitmq-vhost.ts';

/** rabbitmq_plugin, rabbitmq_user, rabbitmq_vhost, rabbitmq_policy, rabbitmq_cluster_facts, rabbitmq_cluster_name, rabbitmq_health */
export const rabbitmqModules: ModuleDefinition[] = [
  rabbitmqPlugin,
  rabbitmqUser,
  rabbitmqVhost,
  rabbitmqPolicy,
  rabbitmqClusterFacts,
  rabbitmqClusterName,
  rabbitmqHealth,
];
