// The `warren verify matrix` action (see src/verify/matrix.ts), imported only when it runs.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, hostname, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WarrenError } from '../core/errors.ts';
import { deleteQueues } from '../verify/amqp-target.ts';
import { runVerification } from '../verify/run.ts';
import { testQueueName } from '../verify/target.ts';
import { type CaseResult, HANDLINGS, MATRIX_QUEUES, type PartitionHandling, renderMatrixHtml, scenarios, summarise, caseName } from '../verify/matrix.ts';
import { openSession, planFrom, positive, type VerifySession } from './verify-action.ts';
import type { MatrixFlags } from './verify-flags.ts';

export async function verifyMatrixCommand(flags: MatrixFlags): Promise<number> {
  const runs = positive(flags.runs, '--runs');
  const partitionHoldMs = positive(flags.partitionHold, '--partition-hold') * 1000;
  const ticktime = positive(flags.netTicktime, '--net-ticktime');
  const syncTimeoutMs = positive(flags.syncTimeout, '--sync-timeout') * 1000;
  const wholeTimeoutMs = positive(flags.rejoinTimeout, '--rejoin-timeout') * 1000;
  await (await openSession(flags, 'quorum')).close(); // a bad inventory or an unreachable node fails before any redeploy
  const results: CaseResult[] = [];
  const dir = resolve(flags.report ?? 'reports/verify-matrix');
  const meta = {
    date: new Date().toISOString(),
    machine: `${hostname()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    settings: `runs ${runs}, rate ${flags.rate}/s, lead ${flags.lead} s, hold ${flags.hold} s, partition hold ${flags.partitionHold} s, settle ${flags.settle} s, net_ticktime ${ticktime} s, rejoin timeout ${flags.rejoinTimeout} s, sync timeout ${flags.syncTimeout} s, consume ${flags.consume}`,
  };
  // Every time the matrix itself had to start or restart a node between cases: a broker finding too.
  const interventions: string[] = [];
  // Written after every case, so an interrupted matrix still shows what it measured.
  const save = async () => {
    await mkdir(dir, { recursive: true });
    const summaries = results.map(summarise);
    const json = {
      ...meta,
      interventions,
      cases: results.map((r, i) => ({ ...summaries[i], reports: r.runs.map((run) => run.report ?? { error: run.error }) })),
    };
    await writeFile(join(dir, 'matrix.json'), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(join(dir, 'matrix.html'), renderMatrixHtml(results, { ...meta, interventions }));
    return summaries;
  };
  let leftDown = false; // the last run reported a node that did not rejoin
  for (const handling of HANDLINGS) {
    await clearUp(flags, leftDown, interventions);
    leftDown = false;
    try {
      await redeploy(flags, handling, ticktime);
    } catch (err) {
      // A setup step, not a measurement: a node that stopped itself after the last case fails the
      // roll's gate, so the cluster is made whole (and the report says how) and the roll runs once more.
      const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
      note(interventions, `the redeploy of ${handling} failed, so the cluster was made whole and it ran once more: ${firstLine(err)}`, log);
      await clearUp(flags, true, interventions);
      await redeploy(flags, handling, ticktime);
    }
    for (const queueType of MATRIX_QUEUES) {
      const session = await openSession(flags, queueType);
      try {
        const isolate = session.inventory.labName ? 'partition' : 'partition-nodes';
        for (const scenario of scenarios(isolate)) {
          const result: CaseResult = { handling, queueType, scenario: scenario.label, runs: [] };
          results.push(result);
          for (let k = 0; k < runs; k++) {
            session.log(`matrix: ${caseName(result)}, run ${k + 1}/${runs}`);
            try {
              await ensureWhole(session, leftDown, interventions);
              const plan = planFrom(
                { ...flags, clients: scenario.clients, publishers: undefined, consumers: undefined },
                session,
                scenario.fault,
                scenario.node,
              );
              if (scenario.partition) plan.holdMs = partitionHoldMs;
              plan.syncTimeoutMs = syncTimeoutMs;
              plan.wholeTimeoutMs = wholeTimeoutMs;
              // The drain ends after 15 s without a delivery (a final sweep then reads whatever is
              // left, so nothing is missed), and publishers get 20 s to settle unconfirmed ids
              // (what stays unconfirmed is reported as such, not as lost): 60 s each was idle time.
              plan.drainTimeoutMs = 15_000;
              plan.finishTimeoutMs = 20_000;
              const { report, chart } = await runVerification(plan, session.faults, session.probe);
              result.runs.push({ passed: report.passed, report, chart });
              leftDown = report.faults.some((f) => !f.whole);
              session.log(
                `matrix: ${caseName(result)}: confirmed ${report.confirmed}, lost ${report.lost}, unexpected ${report.unexpected}${report.problems.length ? `; ${report.problems.join('; ')}` : ''}`,
              );
            } catch (err) {
              // A run that could not complete is reported as such (and fails the matrix), not retried.
              result.runs.push({ passed: false, error: (err as Error).message });
              session.log(`matrix: ${caseName(result)}: ERROR ${(err as Error).message}`);
            }
          }
          await save();
        }
      } finally {
        await session.close();
      }
    }
  }
  await clearUp(flags, leftDown, interventions);
  const summaries = await save();
  const out = flags.json ? process.stderr : process.stdout;
  for (const s of summaries) {
    out.write(
      `${s.passedRuns === s.runs ? 'ok    ' : 'FAILED'} ${s.case}: runs ${s.runs}, confirmed ${s.confirmed}, lost ${s.lost}, unexpected ${s.unexpected}, max confirm gap ${(s.maxConfirmGapMs / 1000).toFixed(1)} s\n`,
    );
  }
  out.write(`matrix: ${join(dir, 'matrix.html')}, ${join(dir, 'matrix.json')}\n`);
  return summaries.every((s) => s.passedRuns === s.runs) ? 0 : 1;
}

/** Records what the matrix did to the cluster, in the log and in the report. */
function note(interventions: string[], what: string, log: (line: string) => void): void {
  interventions.push(`${new Date().toISOString()} ${what}`);
  log(`matrix: ${what}`);
}

function firstLine(err: unknown): string {
  return ((err as Error).message ?? String(err)).split('\n')[0]!;
}

/**
 * The cluster is whole before a case starts (every node's own app runs too). A node left down by the case
 * before (a paused node that never resumed) is started here, and one a partition left cut off
 * (autoheal never healed) is restarted; the log and the report say so. That case already reported
 * it, after waiting its whole rejoin timeout, so then (`leftDown`) there is no second wait first.
 */
async function ensureWhole(session: VerifySession, leftDown: boolean, interventions: string[]): Promise<void> {
  try {
    await session.probe.waitUntilWhole(leftDown ? 1_000 : 30_000);
    return;
  } catch (err) {
    session.log(`matrix: ${(err as Error).message}; starting RabbitMQ where it is down`);
  }
  const revived = (await Promise.all(session.inventory.nodes.map(async (node) => ((await session.faults.revive(node.name)) ? node.name : '')))).filter(Boolean);
  for (const name of revived) note(interventions, `started RabbitMQ on ${name} again: its app was not running`, session.log);
  try {
    await session.probe.waitUntilWhole(revived.length ? 60_000 : 5_000);
    return;
  } catch (err) {
    // Every node runs but a partition stays (autoheal never finished): what an operator does,
    // restart the side the others lost, one node at a time; then any node still keeping the
    // partition in its own list, which only its own restart clears.
    const { cutOff } = await session.probe.partitioned();
    if (cutOff.length === 0) session.log(`matrix: ${(err as Error).message}; no node is lost by most others`);
    for (const node of cutOff) {
      note(interventions, `restarted RabbitMQ on ${node}, which the other nodes lost: ${(err as Error).message}`, session.log);
      await session.faults.restart(node);
    }
  }
  try {
    await session.probe.waitUntilWhole(30_000);
    return;
  } catch (err) {
    const { reporters } = await session.probe.partitioned();
    if (reporters.length === 0) throw err;
    for (const node of reporters) {
      note(interventions, `restarted RabbitMQ on ${node}, which still listed a partition: ${(err as Error).message}`, session.log);
      await session.faults.restart(node);
    }
  }
  await session.probe.waitUntilWhole(120_000);
}

/**
 * Before a redeploy (and at the end) the cluster is whole and holds nothing the matrix made: the
 * rolling restart's gate rightly refuses to stop a node while a test queue's replicas still
 * catch up, so the matrix's own queues go first.
 */
async function clearUp(flags: MatrixFlags, leftDown: boolean, interventions: string[]): Promise<void> {
  const session = await openSession(flags, 'quorum');
  try {
    await ensureWhole(session, leftDown, interventions);
    const queues = MATRIX_QUEUES.map((type) => testQueueName(type));
    await deleteQueues(session.inventory.target.haproxy, queues);
    session.log(`matrix: deleted the test queues ${queues.join(', ')}`);
  } finally {
    await session.close();
  }
}

/** Deploys the partition handling (and a short net_ticktime, so partitions are detected within the hold) through the playbook. */
async function redeploy(flags: MatrixFlags, handling: PartitionHandling, ticktime: number): Promise<void> {
  const extra = JSON.stringify({ rabbitmq_cluster_partition_handling: handling, rabbitmq_conf_extra: [`net_ticktime = ${ticktime}`] });
  const runner = join(dirname(process.argv[1] ?? 'bin/warren.js'), 'run-playbook.js');
  const argv = [runner, flags.playbook, ...flags.inventory.flatMap((i) => ['-i', i]), '-e', extra];
  if (flags.deployTags) argv.push('--tags', flags.deployTags);
  if (flags.vaultPasswordFile) argv.push('--vault-password-file', flags.vaultPasswordFile);
  (flags.json ? process.stderr : process.stdout).write(
    `matrix: deploying cluster_partition_handling = ${handling}, net_ticktime = ${ticktime} (${flags.playbook}${flags.deployTags ? ` --tags ${flags.deployTags}` : ''})\n`,
  );
  let output = '';
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.on('close', (c) => done(c ?? 1));
  });
  if (code !== 0) {
    // The run's own account of what failed (a gate, a task): its last lines, masked like any play output.
    const tail = output.split('\n').slice(-40).join('\n');
    throw new WarrenError(`${flags.playbook} with cluster_partition_handling=${handling} failed (rc=${code}):\n${tail}`);
  }
}
