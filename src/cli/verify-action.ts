// The `warren verify` action, imported only when that command runs (see verify.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createConnection } from '../connection/index.ts';
import type { Connection } from '../connection/connection.ts';
import { OptionsError } from '../core/errors.ts';
import { createVaultDecryptor, resolveVaultPassword, SecretRegistry } from '../vault/index.ts';
import { labFault } from '../lab/faults.ts';
import { defaultLabPaths } from '../lab/state.ts';
import { readVerifyInventory } from '../verify/target.ts';
import { runVerification, type FaultKind, type NodeControl } from '../verify/run.ts';
import { sshClusterCheck, sshNodeControl, type NetworkControl } from '../verify/nodes.ts';
import { formatReport } from '../verify/report.ts';
import type { QueueType } from '../verify/amqp-target.ts';
import { FAULTS, QUEUE_TYPES, type VerifyFlags } from './verify.ts';

export async function verifyCommand(flags: VerifyFlags): Promise<number> {
  const fault = choice(flags.fault, FAULTS, '--fault') as FaultKind;
  const queueType = choice(flags.queueType, QUEUE_TYPES, '--queue-type') as QueueType;
  const password = await resolveVaultPassword({ passwordFile: flags.vaultPasswordFile });
  const secrets = new SecretRegistry();
  const inventory = await readVerifyInventory(flags.inventory.map((p) => resolve(p)), queueType, {
    secrets,
    vault: password ? createVaultDecryptor(password) : undefined,
  });
  const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(secrets.mask(line) + '\n');
  const conns = new Map<string, Connection>();
  for (const node of inventory.nodes) conns.set(node.name, createConnection(node.name, node.vars, {}));
  try {
    await Promise.all([...conns.values()].map((c) => c.connect()));
    const network = inventory.labName ? labNetwork(inventory.labName) : undefined;
    const controls = inventory.nodes.map((n) => sshNodeControl(n.name, conns.get(n.name)!, network));
    const cluster = sshClusterCheck([...conns.values()], inventory.nodes.length);
    await cluster.waitUntilWhole(60_000);
    const { report, chart } = await runVerification(
      {
        target: inventory.target,
        messages: positive(flags.messages, '--messages'),
        rate: positive(flags.rate, '--rate'),
        fault,
        nodes: pickNodes(controls, flags.node),
        faultHoldMs: positive(flags.hold, '--hold') * 1000,
        confirmTimeoutMs: 5000,
        prefetch: 200,
        drainTimeoutMs: 60_000,
        log,
      },
      cluster,
    );
    if (flags.report) {
      await mkdir(flags.report, { recursive: true });
      await writeFile(join(flags.report, 'report.json'), JSON.stringify(report, null, 2) + '\n');
      await writeFile(join(flags.report, 'chart.svg'), chart);
      log(`report: ${join(flags.report, 'report.json')}, chart: ${join(flags.report, 'chart.svg')}`);
    }
    process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : secrets.mask(formatReport(report)) + '\n');
    return report.passed ? 0 : 1;
  } finally {
    await Promise.all([...conns.values()].map((c) => c.close().catch(() => undefined)));
  }
}

function pickNodes(controls: NodeControl[], node: string): NodeControl[] {
  if (node === 'each') return controls;
  if (node === 'first') return controls.slice(0, 1);
  const found = controls.find((c) => c.name === node);
  if (!found) throw new OptionsError(`--node ${node}: not a host of group rabbitmq (${controls.map((c) => c.name).join(', ')})`);
  return [found];
}

function labNetwork(name: string): NetworkControl {
  const act = (host: string, action: 'partition' | 'heal') => labFault({ name, host, action, paths: defaultLabPaths }).then(() => undefined);
  return { partition: (host) => act(host, 'partition'), heal: (host) => act(host, 'heal') };
}

function choice(value: string, allowed: string[], flag: string): string {
  if (!allowed.includes(value)) throw new OptionsError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new OptionsError(`${flag} must be a positive number (got '${value}')`);
  return n;
}

