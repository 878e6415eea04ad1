// In the e2e suite since run H (2026-12-02 18:33, K=1, consume after: all 16 cases passed in 12 min,
// after the matrix learned to clear a partition a node keeps listing once its lost peer restarted).
// `warren verify matrix` on the lab, once per case (K=1); `npm run test:matrix` runs the larger
// matrix (WARREN_MATRIX_RUNS, default 3) through the same assertions. All 16 cases run with the
// shortest schedules that still make every fault hit, the partition handling is redeployed
// between the two groups, every fault hits what it targets (the leader moves; the isolated node's
// pinned publisher stalls; the isolated follower drops out of the queue's replicas while the
// leader's stays) and sees confirms, quorum queues lose nothing, and every case is in one
// self-contained HTML page and in JSON, with the exit code saying whether any case failed.
// `--consume after`: no consumer reads before every fault has healed, so a write confirmed on one
// side of a partition and discarded at the heal (Jepsen's mirrored-queue loss) shows as lost;
// mirrored losses are reported as measured, not asserted away.
// Leaves autoheal and a 6 s net_ticktime deployed and no test queue: every later lab suite
// converges site.yml in its before().
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLab } from '../../support/lab.ts';
import { root, runPlaybook, whyFailed } from '../rabbitmq/helpers.ts';
import type { CaseSummary } from '../../../src/verify/matrix.ts';
import type { VerifyReport } from '../../../src/verify/report.ts';

const run = promisify(execFile);
const TICKTIME = 6; // s: a 12 s cut is detected within ~7 s
const FIRST_GROUP = JSON.stringify({ rabbitmq_cluster_partition_handling: 'pause_minority', rabbitmq_conf_extra: [`net_ticktime = ${TICKTIME}`] });
const RUNS = Number(process.env.WARREN_MATRIX_RUNS ?? 1);
const SCHEDULE = [
  '--consume',
  'after',
  '--rate',
  '200',
  '--lead',
  '2',
  '--hold',
  '4',
  '--settle',
  '2',
  '--partition-hold',
  '12',
  '--net-ticktime',
  String(TICKTIME),
];

interface MatrixJson {
  date: string;
  machine: string;
  interventions: string[];
  cases: Array<CaseSummary & { reports: Array<VerifyReport | { error: string }> }>;
}

/** The fault of a case hit what it targets, as the report shows it. */
function expectHit(c: MatrixJson['cases'][number], report: VerifyReport, why: string): void {
  const [f] = report.faults;
  expect(report.faults, `${c.case}: one fault\n${why}`).to.have.length(1);
  expect(f!.confirmedDuringFault, `${c.case}: confirms during the fault`).to.be.above(0);
  if (/(kill|stop) leader/.test(c.case)) {
    expect(f!.node, c.case).to.equal(f!.leaderAtInjection);
    // Seen on another node during the fault, or after it: after the stop of a mirrored queue's
    // master under autoheal, every node's CLI once hung past the rejoin timeout (CI, 2026-12-03),
    // so only the reading during the fault answered.
    const seen = [f!.leaderBeforeHeal, f!.leaderAfter].filter((l): l is string => typeof l === 'string');
    expect(
      seen.some((l) => l !== f!.node),
      `${c.case}: the leader moved (during the fault ${f!.leaderBeforeHeal}, after ${f!.leaderAfter})`,
    ).to.equal(true);
  } else if (c.case.includes('partition-nodes leader')) {
    expect(f!.node, c.case).to.equal(f!.leaderAtInjection);
    const isolated = report.clients.find((cl) => cl.name.startsWith('pub') && cl.via === f!.node)!.name;
    const stats = f!.duringFault[isolated]!;
    const hit = stats.timedOut + stats.nacked + stats.reconnects > 0 || f!.recoveryMs[isolated]! >= 5000;
    expect(
      hit,
      `${c.case}: ${isolated} (pinned to ${f!.node}) got errors or stalled: ${JSON.stringify(stats)}, recovery ${f!.recoveryMs[isolated]} ms`,
    ).to.equal(true);
  } else {
    expect(f!.node, c.case).to.not.equal(f!.leaderAtInjection);
    const members = f!.membersBeforeHeal;
    expect(members, `${c.case}: a majority node answered before the heal`).to.be.an('array');
    expect(members, `${c.case}: the isolated follower dropped out of the replicas`).to.not.include(f!.node);
    expect(members, `${c.case}: the leader's replica stayed up`).to.include(f!.leaderAtInjection);
  }
}

/**
 * A quorum case's problems, less the one the broker itself caused and verify rightly reports: a
 * node that did not come back whole by itself within the rejoin timeout. Seen with RabbitMQ
 * 3.10.8 / Erlang 25.2: autoheal left the loser's app stopped (CI, 2026-12-02); pause_minority
 * resumed a node whose boot then hung in global:sync for 14 min (2026-12-03). That run fails as it
 * should (verify exits 1, and the matrix starts or restarts the node before the next case); what
 * this test holds is that nothing was lost and that the fault hit.
 */
function brokerProblems(name: string, report: VerifyReport): string[] {
  const left = report.problems.filter((p) => !/^after the \S+ of \S+: cluster not whole after/.test(p));
  if (left.length < report.problems.length) console.log(`      broker finding, ${name}: ${report.problems.join('; ')}`);
  return left;
}

describe(`warren verify matrix (lab, ${RUNS} run(s) per case)`, function () {
  this.timeout(RUNS * 30 * 60_000);
  let inventory = '';
  let passwordFile = '';

  before(async () => {
    const lab = await ensureLab({ hosts: ['rmq1', 'rmq2', 'rmq3', 'lb1'] });
    inventory = lab.inventoryPath;
    passwordFile = join(dirname(inventory), '.vault_pass');
    // Deployed with the matrix's first settings already, so its first redeploy restarts nothing.
    const deployed = await runPlaybook(lab, passwordFile, 'playbooks/site.yml', '-e', FIRST_GROUP);
    expect(deployed.code, whyFailed(deployed.output)).to.equal(0);
  });

  it('runs all 16 cases, consuming after the faults; every fault hits; quorum queues lose nothing; HTML and JSON hold every case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-matrix-'));
    const argv = ['bin/warren.js', 'verify', 'matrix', '-i', inventory, '--vault-password-file', passwordFile, '--report', dir, '--runs', String(RUNS)];
    argv.push(...SCHEDULE, '--sync-timeout', '20', '--rejoin-timeout', '90');
    let code = 0;
    let log = '';
    const started = Date.now();
    try {
      ({ stdout: log } = await run('node', argv, { cwd: root, maxBuffer: 64 * 1024 * 1024 }));
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      code = typeof e.code === 'number' ? e.code : 1;
      log = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    console.log(`      matrix report: ${dir} (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
    // WARREN_MATRIX_KEEP=DIR keeps the run's JSON and HTML (the docs' measured matrix comes from here).
    if (process.env.WARREN_MATRIX_KEEP) for (const f of ['matrix.json', 'matrix.html']) copyFileSync(join(dir, f), join(process.env.WARREN_MATRIX_KEEP, f));
    const matrix = JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8')) as MatrixJson;
    const why = log.slice(-4000);
    console.log(
      matrix.cases
        .map(
          (c) =>
            `      ${c.case}: confirmed ${c.confirmed}, lost ${c.lost}, unexpected ${c.unexpected}, during fault ${c.confirmedDuringFault}, gap ${c.maxConfirmGapMs} ms, leader ${c.leaderMoved}${c.errors.length ? `, ${c.errors.join('; ')}` : ''}`,
        )
        .join('\n'),
    );
    for (const i of matrix.interventions) console.log(`      between cases: ${i}`);
    expect(matrix.cases, why).to.have.length(16);
    for (const c of matrix.cases) {
      expect(c.runs, c.case).to.equal(RUNS);
      for (const report of c.reports) {
        expect(report, `${c.case} ran\n${why}`).to.not.have.property('error');
        expectHit(c, report as VerifyReport, why);
        const r = report as VerifyReport;
        if (c.case.startsWith('quorum')) {
          expect(brokerProblems(c.case, r), `${c.case}\n${why}`).to.deep.equal([]);
          expect(r.lost, c.case).to.equal(0);
          expect(r.unexpected, c.case).to.equal(0);
        } else {
          // Honest outcome: whatever a mirrored queue lost is counted and grouped, and it fails the run.
          expect(
            Object.values(r.lostByNode).reduce((n, g) => n + g.count, 0),
            c.case,
          ).to.equal(r.lost);
          if (r.lost > 0) expect(r.passed, c.case).to.equal(false);
        }
      }
    }
    const failed = matrix.cases.some((c) => c.passedRuns < c.runs);
    expect(code, why).to.equal(failed ? 1 : 0);
    const html = readFileSync(join(dir, 'matrix.html'), 'utf8');
    expect(html).to.match(/^<!doctype html>/);
    for (const c of matrix.cases) expect(html).to.contain(c.case.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(html.match(/<svg/g)?.length ?? 0, 'a chart per run').to.be.at.least(16 * RUNS);
  });
});
