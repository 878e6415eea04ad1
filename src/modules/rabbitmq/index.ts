import type { ModuleDefinition } from '../module.ts';
/** rabbitmq_plugin, rabbitmq_user, rabbitmq_vhost, rabbitmq_policy, rabbitmq_cluster_facts */
export const rabbitmqModules: ModuleDefinition[] = [];
