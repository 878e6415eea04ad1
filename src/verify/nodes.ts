// Fault injection and cluster checks over the engine's Connection (SSH in practice).
import type { Connection } from '../connection/connection.ts';
import { WarrenError } from '../core/errors.ts';
import type { ClusterCheck, FaultKind, NodeControl } from './run.ts';
import { sleep } from './amqp-target.ts';

/** Cuts a host off the network and restores it (the lab provides this for its hosts). */
export interface NetworkControl {
  partition(host: string): Promise<void>;
  heal(host: string): Promise<void>;
}

const FAULT_COMMANDS: Record<Exclude<FaultKind, 'none' | 'partition'>, { inject: string; restore: string }> = {
  stop: { inject: 'systemctl stop rabbitmq-server', restore: 'systemctl start rabbitmq-server' },
  // A crash: the Erlang VM dies without shutting down; systemd may restart it on its own.
  kill: {
    inject: 'pkill -KILL -x beam.smp || pkill -KILL -f beam.smp',
    restore: 'systemctl reset-failed rabbitmq-server; systemctl start rabbitmq-server',
  },
};

export function sshNodeControl(name: string, conn: Connection, network?: NetworkControl): NodeControl {
  const run = async (command: string) => {
    const r = await conn.exec(command, { timeoutMs: 120_000 });
    if (r.code !== 0) throw new WarrenError(`${name}: '${command}' failed (rc=${r.code}): ${r.stderr.trim()}`);
  };
  return {
    name,
    async inject(fault) {
      if (fault === 'none') return;
      if (fault === 'partition') return requireNetwork(network, name).partition(name);
      await run(FAULT_COMMANDS[fault].inject);
    },
    async restore(fault) {
      if (fault === 'none') return;
      if (fault === 'partition') return requireNetwork(network, name).heal(name);
      await run(FAULT_COMMANDS[fault].restore);
    },
  };
}

function requireNetwork(network: NetworkControl | undefined, host: string): NetworkControl {
  if (!network) throw new WarrenError(`${host}: --fault partition needs lab hosts (warren lab) to cut the network`);
  return network;
}

interface ClusterStatusJson {
  running_nodes?: string[];
  partitions?: Record<string, unknown> | unknown[];
}

/** Whole = some node answers with every expected node running and no partitions. */
export function sshClusterCheck(conns: Connection[], expectedNodes: number): ClusterCheck {
  return {
    async waitUntilWhole(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no node answered';
      while (Date.now() < deadline) {
        for (const conn of conns) {
          const r = await conn
            .exec('rabbitmqctl -q cluster_status --formatter json', { timeoutMs: 20_000 })
            .catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }));
          if (r.code !== 0) {
            last = `${conn.host}: ${r.stderr.trim()}`;
            continue;
          }
          const status = JSON.parse(r.stdout) as ClusterStatusJson;
          const running = status.running_nodes?.length ?? 0;
          const partitions = Object.keys(status.partitions ?? {}).length;
          if (running === expectedNodes && partitions === 0) return;
          last = `${conn.host}: ${running}/${expectedNodes} nodes running, ${partitions} partitions`;
        }
        await sleep(1000);
      }
      throw new WarrenError(`cluster not whole after ${timeoutMs / 1000} s (${last})`);
    },
  };
}
