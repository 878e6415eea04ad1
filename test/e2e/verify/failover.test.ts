// `warren verify` on the lab must hit what fails over: each fault kind and targeting mode is
// checked to have really hit (the leader moved, the client reconnected, or the isolated node's
// pinned publisher stalled), every fault saw confirms, and a quorum queue loses nothing.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLab } from '../../support/lab.ts';
import { root, runPlaybook, whyFailed } from '../rabbitmq/helpers.ts';
import type { VerifyReport } from '../../../src/verify/run.ts';

const run = promisify(execFile);
const HOSTS = ['rmq1', 'rmq2', 'rmq3', 'lb1'];
const SHORT = ['--rate', '300', '--lead', '3', '--hold', '8', '--settle', '3'];

interface Outcome {
  code: number;
  report: VerifyReport;
  log: string;
}

async function verify(inventory: string, passwordFile: string, args: string[]): Promise<Outcome> {
  const reportDir = mkdtempSync(join(tmpdir(), 'warren-verify-'));
  const argv = ['bin/warren.js', 'verify', '-i', inventory, '--vault-password-file', passwordFile, '--json', '--report', reportDir, ...args];
  let code = 0;
  let log = '';
  try {
    ({ stderr: log } = await run('node', argv, { cwd: root, maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    code = typeof e.code === 'number' ? e.code : 1;
    log = e.stderr ?? '';
  }
  // A run that ended without a report says why in its log.
  expect(existsSync(join(reportDir, 'report.json')), `no report (exit ${code})\n${log.slice(-3000)}`).to.equal(true);
  const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as VerifyReport;
  expect(readFileSync(join(reportDir, 'chart.svg'), 'utf8')).to.match(/^<svg/);
  // The figures of the run, for the CI log (the docs quote them).
  const faults = report.faults.map(
    (f) =>
      `${f.fault} ${f.node}: leader ${f.leaderAtInjection ?? '?'} → ${f.leaderAfter ?? '?'}, replicas up ${f.membersBeforeHeal?.join('+') ?? '?'}, confirmed during ${f.confirmedDuringFault}`,
  );
  console.log(
    `      verify ${args.join(' ')}: exit ${code}, confirmed ${report.confirmed}, lost ${report.lost}, unexpected ${report.unexpected}, reconnects publishers ${report.publisherReconnects} consumers ${report.consumerReconnects}, max confirm gap ${report.maxConfirmGapMs} ms; ${faults.join('; ')}`,
  );
  return { code, report, log };
}

function summary(o: Outcome): string {
  return `${JSON.stringify({ ...o.report, lostSample: o.report.lostSample.slice(0, 5), lostByNode: undefined, lostByWindow: undefined })}\n${o.log.slice(-3000)}`;
}

/** Every fault saw confirms, nothing confirmed was lost, nothing unexpected came, exit 0. */
function expectClean(o: Outcome): void {
  const why = summary(o);
  for (const f of o.report.faults) expect(f.confirmedDuringFault, `confirms during ${f.fault} ${f.node}\n${why}`).to.be.above(0);
  expect(o.report.lost, why).to.equal(0);
  expect(o.report.unexpected, why).to.equal(0);
  expect(o.code, why).to.equal(0);
}

describe('warren verify: faults that hit the leader and the clients (lab)', function () {
  this.timeout(30 * 60_000);
  let inventory = '';
  let passwordFile = '';

  before(async () => {
    const lab = await ensureLab({ hosts: HOSTS });
    inventory = lab.inventoryPath;
    passwordFile = join(dirname(lab.inventoryPath), '.vault_pass');
    const deployed = await runPlaybook(lab, passwordFile, 'playbooks/site.yml');
    expect(deployed.code, whyFailed(deployed.output)).to.equal(0);
  });

  it('quorum, kill --node leader: the leader moves to another node, nothing is lost', async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'kill', '--node', 'leader', ...SHORT]);
    const [f] = o.report.faults;
    expect(o.report.faults, summary(o)).to.have.length(1);
    expect(f!.leaderAtInjection, summary(o)).to.be.a('string');
    expect(f!.node).to.equal(f!.leaderAtInjection);
    expect(f!.leaderAfter, 'leader moved').to.be.a('string').and.not.equal(f!.leaderAtInjection);
    expectClean(o);
  });

  it("quorum, partition-nodes --node leader --clients direct: the isolated node's publisher stalls, the others keep confirming", async () => {
    const o = await verify(inventory, passwordFile, [
      '--queue-type',
      'quorum',
      '--fault',
      'partition-nodes',
      '--node',
      'leader',
      '--clients',
      'direct',
      ...SHORT,
      // long enough for the majority to elect a new leader on a loaded machine
      '--hold',
      '30',
    ]);
    const [f] = o.report.faults;
    const why = summary(o);
    expect(f!.node, why).to.equal(f!.leaderAtInjection);
    expect(f!.cutFrom, why).to.have.length(2);
    const isolated = o.report.clients.find((c) => c.name.startsWith('pub') && c.via === f!.node)!.name;
    const stats = f!.duringFault[isolated]!;
    // Cut from the majority, its node cannot commit: confirms time out (or its connection drops).
    expect(stats.timedOut + stats.nacked + stats.reconnects > 0 || f!.recoveryMs[isolated]! >= 5000, `${isolated} hit\n${why}`).to.equal(true);
    expect(f!.leaderAfter, why).to.be.a('string').and.not.equal(f!.node);
    expectClean(o);
  });

  it("quorum, stop --node clients: the fault lands on the publisher's node and the publisher reconnects", async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'stop', '--node', 'clients', ...SHORT]);
    const [f] = o.report.faults;
    expect(f!.node, summary(o)).to.equal(f!.clientNodesAtInjection.pub1);
    expect(f!.duringFault.pub1!.reconnects, summary(o)).to.be.above(0);
    expect(f!.clientNodesAfter.pub1, summary(o)).to.not.equal(f!.node);
    expectClean(o);
  });

  it('mirrored, stop --node rmq2 (a host name), declared on rmq2: the master moves off the stopped node, nothing is lost', async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'mirrored', '--fault', 'stop', '--node', 'rmq2', '--declare-on', 'rmq2', ...SHORT]);
    const [f] = o.report.faults;
    expect(f!.node, summary(o)).to.equal('rmq2');
    expect(f!.leaderAtInjection, summary(o)).to.equal('rmq2');
    expect(f!.leaderAfter, `the master moved\n${summary(o)}`)
      .to.be.a('string')
      .and.not.equal('rmq2');
    expect(f!.membersBeforeHeal ?? [], summary(o)).to.not.include('rmq2');
    expectClean(o);
  });

  it('quorum, kill --node first, declared on rmq1: the fault lands on the first node of group rabbitmq, whose leader moves', async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'kill', '--node', 'first', '--declare-on', 'rmq1', ...SHORT]);
    const [f] = o.report.faults;
    const why = summary(o);
    expect(f!.target, why).to.equal('first');
    expect(f!.node, why).to.equal('rmq1');
    expect(f!.leaderAtInjection, `declared through rmq1, the leader starts there\n${why}`).to.equal('rmq1');
    expect(f!.leaderAfter, `the leader moved\n${why}`).to.be.a('string').and.not.equal('rmq1');
    expectClean(o);
  });

  it('quorum, kill --node each: every fault sees traffic (publishing runs until the last one healed)', async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'kill', '--node', 'each', ...SHORT, '--hold', '5']);
    expect(
      o.report.faults.map((f) => f.node),
      summary(o),
    ).to.deep.equal(['rmq1', 'rmq2', 'rmq3']);
    expect(
      o.report.faults.every((f) => f.inSync),
      summary(o),
    ).to.equal(true);
    expectClean(o);
  });

  it('quorum, partition (full isolation) --node follower: the leader stays, nothing is lost', async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'partition', '--node', 'follower', ...SHORT]);
    const [f] = o.report.faults;
    const why = summary(o);
    expect(f!.node, why).to.not.equal(f!.leaderAtInjection);
    // Hit: asked at the end of the hold, a node of the majority answers (quorum_status, within the
    // probe's bound) and no longer counts the isolated follower's replica as up, while the leader's is.
    expect(f!.membersBeforeHeal, `a majority node answered before the heal\n${why}`).to.be.an('array');
    expect(f!.membersBeforeHeal, `the isolated follower's replica dropped out\n${why}`).to.not.include(f!.node);
    expect(f!.membersBeforeHeal, `the leader's replica stayed up\n${why}`).to.include(f!.leaderAtInjection);
    expectClean(o);
  });

  it('mirrored, partition-partial --node leader, mixed clients, consume after: the outcome is reported as measured', async () => {
    const o = await verify(inventory, passwordFile, [
      '--queue-type',
      'mirrored',
      '--fault',
      'partition-partial',
      '--node',
      'leader',
      '--clients',
      'mixed',
      '--consume',
      'after',
      ...SHORT,
    ]);
    const [f] = o.report.faults;
    const why = summary(o);
    expect(f!.cutFrom, why).to.have.length(1);
    // Hit: a mirror the master cannot reach holds up confirms (a client timed out, was nacked or
    // reconnected, or stalled 5 s), or a replica dropped out.
    const stalled = Object.entries(f!.duringFault).some(
      ([name, c]) => c.timedOut + c.nacked + c.reconnects > 0 || (name.startsWith('pub') && f!.recoveryMs[name]! >= 5000),
    );
    expect(stalled || (f!.membersBeforeHeal ?? []).length < 3, `the partial cut held something up\n${why}`).to.equal(true);
    expect(
      o.report.clients.map((c) => c.via),
      why,
    ).to.deep.equal(['haproxy', 'rmq1', 'rmq2', 'rmq3', 'haproxy', 'rmq1', 'rmq2', 'rmq3']);
    // Honest outcome: loss is detected and grouped, and it fails the run.
    const grouped = Object.values(o.report.lostByNode).reduce((n, g) => n + g.count, 0);
    expect(grouped, why).to.equal(o.report.lost);
    expect(o.code, why).to.equal(o.report.lost > 0 || o.report.unexpected > 0 ? 1 : 0);
    expect(o.report.confirmed, why).to.be.above(0);
  });

  it('--fault none: a healthy run accounts for every message and exits 0', async () => {
    const o = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'none', '--messages', '500', '--lead', '2', '--settle', '2']);
    expect(o.report.faults).to.have.length(0);
    expect(o.report).to.include({ confirmed: 500, lost: 0, unexpected: 0 });
    expect(o.report.maxConfirmGapMs).to.be.a('number');
    expect(o.code).to.equal(0);
  });
});
