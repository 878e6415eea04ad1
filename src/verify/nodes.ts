// Fault injection over the engine's Connection (SSH in practice), plus the lab for full isolation.
//
// partition-nodes / partition-partial cut only RabbitMQ's inter-node links: each side of a cut
// pair gets a permanent neighbour entry for the other's address that points at a MAC nobody
// has, so frames between the two go nowhere (silently, both ways, as a dropped link does),
// while the paths to HAProxy and to the controller stay open. It needs only iproute2 on the
// nodes, no firewall package, and works on any hosts, not only the lab's.
import type { Connection } from '../connection/connection.ts';
import { WarrenError } from '../core/errors.ts';

export type FaultKind = 'stop' | 'kill' | 'partition' | 'partition-nodes' | 'partition-partial' | 'none';
export const FAULT_KINDS: FaultKind[] = ['stop', 'kill', 'partition', 'partition-nodes', 'partition-partial', 'none'];

/** Cuts a host off the network and restores it (the lab provides this for its hosts). */
export interface NetworkControl {
  partition(host: string): Promise<void>;
  heal(host: string): Promise<void>;
}

export interface FaultNode {
  name: string;
  address: string; // the address the other nodes reach it at
  conn: Connection;
}

export interface Faults {
  inject(fault: FaultKind, node: string): Promise<string[]>; // the nodes cut from it, for the report
  restore(fault: FaultKind, node: string): Promise<void>;
  /** Starts RabbitMQ on a node that stayed down after a fault (its app stopped or its VM gone); true if it had to. */
  revive(node: string): Promise<boolean>;
  /** Restarts RabbitMQ on a node (a partition autoheal never healed) and waits for it to boot. */
  restart(node: string): Promise<void>;
}

/**
 * rc 3: the node was running; 0: it was down and was started (the app, or failing that the
 * service). start_app returns at once on a node whose boot is stuck (seen 2026-12-03: after
 * pause_minority resumed it, rmq1's boot hung in global:sync for 14 min), so what decides is
 * whether the node then finishes booting; if not, the service is restarted.
 */
export const REVIVE_COMMAND =
  'rabbitmq-diagnostics -q check_running >/dev/null 2>&1 && exit 3; timeout 60 rabbitmqctl -q start_app >/dev/null 2>&1; rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1 && exit 0; systemctl restart rabbitmq-server && rabbitmqctl -q await_startup --timeout 120';
// start_app is bounded: after an autoheal that never completed, it once hung past 180 s. A restart
// of a node stuck booting took 106 s (systemd's stop waits for the boot), so the whole is bounded at 6 min.
export const RESTART_COMMAND = 'systemctl restart rabbitmq-server && rabbitmqctl -q await_startup --timeout 120';

const SERVICE_COMMANDS = {
  stop: { inject: 'systemctl stop rabbitmq-server', restore: 'systemctl start rabbitmq-server' },
  // A crash: the Erlang VM dies without shutting down; systemd may restart it on its own.
  kill: {
    inject: 'pkill -KILL -x beam.smp || pkill -KILL -f beam.smp',
    restore: 'systemctl reset-failed rabbitmq-server; systemctl start rabbitmq-server',
  },
};

/** A locally administered unicast MAC that no host on the segment has. */
const NOWHERE_MAC = '02:00:5e:00:de:ad';

export function cutCommand(address: string): string {
  return `dev=$(ip -o route get ${address} | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p'); ip neigh replace ${address} lladdr ${NOWHERE_MAC} dev "$dev" nud permanent`;
}

export function healCommand(address: string): string {
  return `dev=$(ip -o route get ${address} | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p'); ip neigh del ${address} dev "$dev" 2>/dev/null; true`;
}

/** Which nodes a fault on `node` cuts it from: every other node, or (partial) the next one in order. */
export function cutPeers(fault: FaultKind, node: string, all: string[]): string[] {
  const others = all.filter((n) => n !== node);
  if (fault === 'partition-nodes') return others;
  if (fault === 'partition-partial') return others.length ? [all[(all.indexOf(node) + 1) % all.length]!] : [];
  return [];
}

export function sshFaults(nodes: FaultNode[], network?: NetworkControl): Faults {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const get = (name: string) => {
    const node = byName.get(name);
    if (!node) throw new WarrenError(`${name}: not a host of group rabbitmq`);
    return node;
  };
  const run = async (node: FaultNode, command: string) => {
    const r = await node.conn.exec(command, { timeoutMs: 120_000 });
    if (r.code !== 0) throw new WarrenError(`${node.name}: '${command}' failed (rc=${r.code}): ${r.stderr.trim()}`);
  };
  const cutBoth = (a: FaultNode, b: FaultNode, heal: boolean) =>
    Promise.all([run(a, heal ? healCommand(b.address) : cutCommand(b.address)), run(b, heal ? healCommand(a.address) : cutCommand(a.address))]);
  const names = nodes.map((n) => n.name);

  return {
    async inject(fault, name) {
      const node = get(name);
      if (fault === 'none') return [];
      if (fault === 'partition') {
        await requireNetwork(network, name).partition(name);
        return names.filter((n) => n !== name);
      }
      if (fault === 'stop' || fault === 'kill') {
        await run(node, SERVICE_COMMANDS[fault].inject);
        return [];
      }
      const peers = cutPeers(fault, name, names);
      await Promise.all(peers.map((peer) => cutBoth(node, get(peer), false)));
      return peers;
    },
    async restore(fault, name) {
      const node = get(name);
      if (fault === 'none') return;
      if (fault === 'partition') return requireNetwork(network, name).heal(name);
      if (fault === 'stop' || fault === 'kill') return run(node, SERVICE_COMMANDS[fault].restore);
      await Promise.all(cutPeers(fault, name, names).map((peer) => cutBoth(node, get(peer), true)));
    },
    async revive(name) {
      const node = get(name);
      const r = await node.conn.exec(REVIVE_COMMAND, { timeoutMs: 360_000 });
      if (r.code === 3) return false;
      if (r.code !== 0) throw new WarrenError(`${name}: could not start RabbitMQ again (rc=${r.code}): ${r.stderr.trim()}`);
      return true;
    },
    async restart(name) {
      const r = await get(name).conn.exec(RESTART_COMMAND, { timeoutMs: 300_000 });
      if (r.code !== 0) throw new WarrenError(`${name}: could not restart RabbitMQ (rc=${r.code}): ${r.stderr.trim()}`);
    },
  };
}

function requireNetwork(network: NetworkControl | undefined, host: string): NetworkControl {
  if (!network) throw new WarrenError(`${host}: --fault partition needs lab hosts (warren lab) to cut the network; partition-nodes works on any hosts`);
  return network;
}
