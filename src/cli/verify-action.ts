// The `warren verify` action, imported only when that command runs (see verify.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createConnection } from '../connection/index.ts';
import type { Connection } from '../connection/connection.ts';
import { OptionsError } from '../core/errors.ts';
import { createVaultDecryptor } from '../vault/keyring.ts';
import { resolveVaultPassword } from '../vault/password.ts';
import { SecretRegistry } from '../vault/secret-registry.ts';
import { labFault } from '../lab/faults.ts';
import { defaultLabPaths } from '../lab/state.ts';
import { readVerifyInventory, type VerifyInventory } from '../verify/target.ts';
import { runVerification, type VerifyPlan } from '../verify/run.ts';
import { FAULT_KINDS, sshFaults, type FaultKind, type Faults, type NetworkControl } from '../verify/nodes.ts';
import { sshClusterProbe, type ClusterProbe } from '../verify/cluster.ts';
import { formatReport } from '../verify/report.ts';
import { CLIENT_MODES, type ClientMode, defaultClientCount, faultSlots } from '../verify/schedule.ts';
import type { QueueType } from '../verify/amqp-target.ts';
import { QUEUE_TYPES, type VerifyFlags } from './verify-flags.ts';

/** An open session on a cluster: the inventory, SSH to every node, fault control and the probe. */
export interface VerifySession {
  inventory: VerifyInventory;
  faults: Faults;
  probe: ClusterProbe;
  secrets: SecretRegistry;
  log: (line: string) => void;
  close(): Promise<void>;
}

export async function openSession(flags: VerifyFlags, queueType: QueueType): Promise<VerifySession> {
  const password = await resolveVaultPassword({ passwordFile: flags.vaultPasswordFile });
  const secrets = new SecretRegistry();
  const tls = flags.tls || flags.ca ? { ca: flags.ca && resolve(flags.ca) } : undefined;
  const inventory = await readVerifyInventory(
    flags.inventory.map((p) => resolve(p)),
    queueType,
    { secrets, vault: password ? createVaultDecryptor(password) : undefined },
    tls,
  );
  const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${secrets.mask(line)}\n`);
  const conns = new Map<string, Connection>();
  for (const node of inventory.nodes) conns.set(node.name, createConnection(node.name, node.vars, {}));
  const close = () => Promise.all([...conns.values()].map((c) => c.close().catch(() => undefined))).then(() => undefined);
  try {
    await Promise.all([...conns.values()].map((c) => c.connect()));
  } catch (err) {
    await close();
    throw err;
  }
  const network = inventory.labName ? labNetwork(inventory.labName) : undefined;
  const nodes = inventory.nodes.map((n) => ({ name: n.name, address: n.address, conn: conns.get(n.name)! }));
  return {
    inventory,
    faults: sshFaults(nodes, network),
    probe: sshClusterProbe(nodes, inventory.target.queue, queueType, inventory.target.vhost),
    secrets,
    log,
    close,
  };
}

/** The plan from the flags shared by `verify` and `verify matrix`; fault, node and queue are the caller's. */
export function planFrom(flags: VerifyFlags, session: VerifySession, fault: FaultKind, node: string): VerifyPlan {
  const clients = choice(flags.clients, CLIENT_MODES, '--clients') as ClientMode;
  const nodeNames = session.inventory.nodes.map((n) => n.name);
  const publishers = flags.publishers ? positive(flags.publishers, '--publishers') : defaultClientCount(clients, nodeNames.length);
  faultSlots(node, nodeNames); // a bad --node fails before anything runs
  if (flags.declareOn && !nodeNames.includes(flags.declareOn))
    throw new OptionsError(`--declare-on ${flags.declareOn}: not a host of group rabbitmq (${nodeNames.join(', ')})`);
  return {
    target: session.inventory.target,
    nodes: nodeNames,
    fault,
    node,
    declareOn: flags.declareOn,
    publishers,
    consumers: flags.consumers ? positive(flags.consumers, '--consumers') : publishers,
    clients,
    consume: choice(flags.consume, ['during', 'after'], '--consume') as 'during' | 'after',
    rate: positive(flags.rate, '--rate'),
    messages: flags.messages ? positive(flags.messages, '--messages') : undefined,
    leadMs: positive(flags.lead, '--lead') * 1000,
    holdMs: positive(flags.hold, '--hold') * 1000,
    settleMs: positive(flags.settle, '--settle') * 1000,
    confirmTimeoutMs: 5000,
    prefetch: 200,
    drainTimeoutMs: 60_000,
    finishTimeoutMs: 60_000,
    syncTimeoutMs: 120_000,
    wholeTimeoutMs: 180_000,
    log: session.log,
  };
}

export async function verifyCommand(flags: VerifyFlags): Promise<number> {
  const fault = choice(flags.fault, FAULT_KINDS, '--fault') as FaultKind;
  const queueType = choice(flags.queueType, QUEUE_TYPES, '--queue-type') as QueueType;
  const session = await openSession(flags, queueType);
  try {
    const plan = planFrom(flags, session, fault, flags.node);
    await session.probe.waitUntilWhole(60_000);
    // Ctrl-C (or SIGTERM) ends the schedule early and still drains and reports: `--fault none
    // --lead 3600` publishes while something else changes the cluster, until interrupted.
    const finish = new AbortController();
    const stop = () => {
      session.log('verify: interrupted; stopping the publishers, draining, then reporting');
      finish.abort();
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
    plan.finish = finish.signal;
    const { report, chart } = await runVerification(plan, session.faults, session.probe).finally(() => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
    });
    if (flags.report) {
      await mkdir(flags.report, { recursive: true });
      await writeFile(join(flags.report, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
      await writeFile(join(flags.report, 'chart.svg'), chart);
      session.log(`report: ${join(flags.report, 'report.json')}, chart: ${join(flags.report, 'chart.svg')}`);
    }
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${session.secrets.mask(formatReport(report))}\n`);
    return report.passed ? 0 : 1;
  } finally {
    await session.close();
  }
}

function labNetwork(name: string): NetworkControl {
  const act = (host: string, action: 'partition' | 'heal') => labFault({ name, host, action, paths: defaultLabPaths }).then(() => undefined);
  return { partition: (host) => act(host, 'partition'), heal: (host) => act(host, 'heal') };
}

export function choice(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value)) throw new OptionsError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

export function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new OptionsError(`${flag} must be a positive number (got '${value}')`);
  return n;
}
