// Reads what `warren verify` needs from an inventory: HAProxy's address and port, the
// application user (its password from the vault), and the RabbitMQ nodes with their vars.
import { loadInventory } from '../inventory/load.ts';
import { hostsOfGroup, inventoryVarsFor } from '../inventory/vars.ts';
import type { Inventory } from '../inventory/model.ts';
import type { Vars } from '../core/vars.ts';
import type { LoadOptions } from '../load/options.ts';
import { WarrenError } from '../core/errors.ts';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AmqpTarget, Endpoint, QueueType } from './amqp-target.ts';

export interface VerifyInventory {
  target: AmqpTarget;
  haproxyHost: string;
  nodes: Array<{ name: string; address: string; vars: Vars }>;
  labName?: string;
}

/** --tls: AMQPS through HAProxy's haproxy_amqps_port (and the nodes' rabbitmq_amqps_port for direct clients). */
export interface TlsChoice {
  ca?: string; // --ca FILE; default <inventory dir>/tls/ca.crt (written by `warren secrets init`)
}

export async function readVerifyInventory(paths: string[], queueType: QueueType, loadOptions: LoadOptions, tls?: TlsChoice): Promise<VerifyInventory> {
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
  const vhost = String(lbVars.rabbitmq_app_vhost ?? '/');
  const ca = tls ? await readCa(tls.ca ?? join(inventoryDir(paths[0]!), 'tls', 'ca.crt'), Boolean(tls.ca)) : undefined;
  const endpoint = (via: string, address: string, port: number): Endpoint => ({
    via,
    url: `${ca ? 'amqps' : 'amqp'}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${address}:${port}/${encodeURIComponent(vhost)}?heartbeat=5`,
    ca,
  });
  const portOf = (vars: Vars, plain: string, secure: string, plainDefault: number) => Number(ca ? (vars[secure] ?? 5671) : (vars[plain] ?? plainDefault));
  const nodes = nodeNames.map((name) => {
    const vars = varsOf(inventory, name);
    return { name, address: String(vars.ansible_host ?? name), vars };
  });
  const haproxy = endpoint('haproxy', String(lbVars.ansible_host ?? haproxyHost), portOf(lbVars, 'haproxy_amqp_port', 'haproxy_amqps_port', 5672));
  return {
    target: {
      haproxy,
      nodes: Object.fromEntries(nodes.map((n) => [n.name, endpoint(n.name, n.address, portOf(n.vars, 'rabbitmq_amqp_port', 'rabbitmq_amqps_port', 5672))])),
      queue: testQueueName(queueType),
      queueType,
      vhost,
    },
    haproxyHost,
    nodes,
    labName: typeof lbVars.warren_lab_name === 'string' ? lbVars.warren_lab_name : undefined,
  };
}

/** The queue a verify run of `type` declares (and deletes first). */
export function testQueueName(type: QueueType): string {
  return `warren.verify.${type}`;
}

/** The directory of an inventory given as a directory or as a file. */
export function inventoryDir(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

async function readCa(path: string, explicit: boolean): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new WarrenError(
      explicit
        ? `--ca ${path}: cannot read the CA certificate`
        : `--tls: no CA certificate at ${path} (run 'warren secrets init' for this inventory, or pass --ca FILE)`,
    );
  }
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
