// Reads what `warren verify` needs from an inventory: HAProxy's address and port, the
// application user (its password from the vault), and the RabbitMQ nodes with their vars.
import { loadInventory } from '../inventory/load.ts';
import { hostsOfGroup, inventoryVarsFor } from '../inventory/vars.ts';
import type { Inventory } from '../inventory/model.ts';
import type { Vars } from '../core/vars.ts';
import type { LoadOptions } from '../load/options.ts';
import { WarrenError } from '../core/errors.ts';
import type { AmqpTarget, QueueType } from './amqp-target.ts';

export interface VerifyInventory {
  target: AmqpTarget;
  haproxyHost: string;
  nodes: Array<{ name: string; vars: Vars }>;
  labName?: string;
}

export async function readVerifyInventory(paths: string[], queueType: QueueType, loadOptions: LoadOptions): Promise<VerifyInventory> {
  const inventory = await loadInventory(paths, loadOptions);
  const haproxyHost = firstOf(inventory, 'haproxy');
  const nodeNames = hostsOfGroup(inventory, 'rabbitmq');
  if (nodeNames.length === 0) throw new WarrenError(`${paths.join(', ')}: no hosts in group 'rabbitmq'`);
  const lbVars = varsOf(inventory, haproxyHost);
  const user = String(lbVars.rabbitmq_app_user ?? 'app');
  const password = lbVars.rabbitmq_app_password;
  if (typeof password !== 'string') {
    throw new WarrenError(`${haproxyHost}: rabbitmq_app_password is not set (run 'warren secrets init' and pass --vault-password-file)`);
  }
  const address = String(lbVars.ansible_host ?? haproxyHost);
  const port = Number(lbVars.haproxy_amqp_port ?? 5672);
  const vhost = String(lbVars.rabbitmq_app_vhost ?? '/');
  const url = `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${address}:${port}/${encodeURIComponent(vhost)}?heartbeat=5`;
  return {
    target: { url, queue: `warren.verify.${queueType}`, queueType },
    haproxyHost,
    nodes: nodeNames.map((name) => ({ name, vars: varsOf(inventory, name) })),
    labName: typeof lbVars.warren_lab_name === 'string' ? lbVars.warren_lab_name : undefined,
  };
}

function firstOf(inventory: Inventory, group: string): string {
  const [first] = hostsOfGroup(inventory, group);
  if (!first) throw new WarrenError(`inventory has no hosts in group '${group}'`);
  return first;
}

function varsOf(inventory: Inventory, host: string): Vars {
  const { groupVars, hostVars } = inventoryVarsFor(inventory, host);
  return { ...groupVars, ...hostVars, inventory_hostname: host };
}
