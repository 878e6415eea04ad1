// `warren verify matrix` once (K=1) on the lab: all 16 cases run with short schedules, the
// partition handling is redeployed between groups, quorum queues lose nothing, every fault
// sees traffic, and the outcome of every case is in one self-contained HTML page and in JSON,
// with the exit code saying whether any case failed. Mirrored outcomes are reported, not asserted.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLab } from '../support/lab.ts';
import { root, runPlaybook } from '../e2e/rabbitmq/helpers.ts';
import type { CaseSummary } from '../../src/verify/matrix.ts';
import type { VerifyReport } from '../../src/verify/report.ts';

const run = promisify(execFile);
const TICKTIME = 6; // s: a 12 s cut is detected within ~7 s
const FIRST_GROUP = JSON.stringify({ rabbitmq_cluster_partition_handling: 'pause_minority', rabbitmq_conf_extra: [`net_ticktime = ${TICKTIME}`] });

interface MatrixJson {
  date: string;
  machine: string;
  cases: Array<CaseSummary & { reports: Array<VerifyReport | { error: string }> }>;
}

describe('warren verify matrix (lab, one run per case)', function () {
  this.timeout(40 * 60_000);
  let inventory = '';
  let passwordFile = '';
  let lab: Awaited<ReturnType<typeof ensureLab>>;

  before(async () => {
    lab = await ensureLab({ hosts: ['rmq1', 'rmq2', 'rmq3', 'lb1'] });
    inventory = lab.inventoryPath;
    passwordFile = join(dirname(inventory), '.vault_pass');
    // Deployed with the matrix's first settings already, so its first redeploy restarts nothing.
    // The matrix leaves autoheal deployed: every later suite converges site.yml in its before().
    const deployed = await runPlaybook(lab, passwordFile, 'playbooks/site.yml', '-e', FIRST_GROUP);
    expect(deployed.code, deployed.output.slice(-3000)).to.equal(0);
  });

  it('runs all 16 cases; quorum queues lose nothing; HTML and JSON hold every case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-matrix-'));
    console.log(`      matrix report: ${dir}`);
    const argv = ['bin/warren.js', 'verify', 'matrix', '-i', inventory, '--vault-password-file', passwordFile, '--report', dir, '--runs', '1'];
    argv.push('--rate', '200', '--lead', '2', '--hold', '4', '--settle', '2', '--partition-hold', '12', '--net-ticktime', String(TICKTIME));
    argv.push('--sync-timeout', '20', '--rejoin-timeout', '90');
    let code = 0;
    let log = '';
    try {
      ({ stdout: log } = await run('node', argv, { cwd: root, maxBuffer: 64 * 1024 * 1024 }));
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      code = typeof e.code === 'number' ? e.code : 1;
      log = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    const matrix = JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8')) as MatrixJson;
    const why = log.slice(-4000);
    expect(matrix.cases, why).to.have.length(16);
    for (const c of matrix.cases) {
      expect(c.runs, c.case).to.equal(1);
      if (c.case.startsWith('quorum')) {
        expect(c.errors, `${c.case}\n${why}`).to.deep.equal([]);
        expect(c.lost, c.case).to.equal(0);
        expect(c.unexpected, c.case).to.equal(0);
        expect(c.confirmedDuringFault, `${c.case}: confirms during the fault`).to.be.above(0);
      }
      // the fault hit the leader: it moved (kill and stop of the leader, either queue type)
      if (/(kill|stop) leader/.test(c.case) && c.errors.length === 0) {
        const [from, to] = c.leaderMoved.split(' → ');
        expect(from, c.case).to.not.equal(to);
      }
    }
    console.log(
      matrix.cases
        .map(
          (c) =>
            `      ${c.case}: confirmed ${c.confirmed}, lost ${c.lost}, unexpected ${c.unexpected}, gap ${c.maxConfirmGapMs} ms, recovery ${c.recoveryMs} ms${c.errors.length ? `, ${c.errors.join('; ')}` : ''}`,
        )
        .join('\n'),
    );
    const failed = matrix.cases.some((c) => c.passedRuns < c.runs);
    expect(code, why).to.equal(failed ? 1 : 0);
    const html = readFileSync(join(dir, 'matrix.html'), 'utf8');
    expect(html).to.match(/^<!doctype html>/);
    for (const c of matrix.cases) expect(html).to.contain(c.case.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(html.match(/<svg/g)?.length ?? 0, 'a chart per run').to.be.at.least(matrix.cases.filter((c) => c.errors.length === 0).length);
  });
});
