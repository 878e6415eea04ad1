// On lab hosts (issue 13): a change that needs every RabbitMQ node restarted keeps the cluster
// serving. `warren verify --fault none` publishes through HAProxy for as long as site.yml runs
// (it is interrupted once site.yml is done, then drains and reports); the nodes restart one at a
// time behind health gates.
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { onHost, parseRecap, rabbitmqLab, restartTurns, root, runPlaybook, type LabAccess, whyFailed } from './helpers.ts';
import { watchNodes } from './node-watch.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
const RATE = 400;
const LEAD_SECONDS = 3600; // publishing until interrupted, once site.yml is done

describe('RabbitMQ changes that restart every node, on a serving cluster', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let child: ChildProcess | undefined;
  const site = (...args: string[]) => runPlaybook(lab, passwordFile, 'playbooks/site.yml', ...args);
  const mainPids = () => Promise.all(RMQ.map(async (h) => (await onHost(lab, h, 'systemctl show -p MainPID --value rabbitmq-server')).stdout.trim()));

  before(async () => {
    lab = await rabbitmqLab(ALL);
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    passwordFile = vault.passwordFile;
    const converged = await site();
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
  });

  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL'); // a failed test leaves no publisher behind
  });

  it('a config change under load restarts the nodes one at a time: lost 0, confirm gap < 3 s, two of three nodes up throughout', async () => {
    const before = await mainPids();
    const watch = watchNodes(
      RMQ.map((h) => lab.hosts[h].address),
      5672,
    );
    const reportDir = mkdtempSync(join(tmpdir(), 'warren-rolling-'));
    const argv = [
      'bin/warren.js',
      'verify',
      '-i',
      lab.inventoryPath,
      '--vault-password-file',
      passwordFile,
      '--fault',
      'none',
      '--queue-type',
      'quorum',
      '--lead',
      String(LEAD_SECONDS),
      '--rate',
      String(RATE),
      '--json',
      '--report',
      reportDir,
    ];
    const load = spawn('node', argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child = load;
    let log = '';
    load.stdout!.on('data', (d: Buffer) => (log += d));
    load.stderr!.on('data', (d: Buffer) => (log += d));
    const verify = new Promise<number>((done) => load.on('close', (code) => done(code ?? 1)));
    await waitForLine(() => log, /publishing at \d+/, 120_000);
    await new Promise((r) => setTimeout(r, 5000));
    const changed = await site('-e', 'rabbitmq_heartbeat=30');
    await new Promise((r) => setTimeout(r, 5000));
    load.kill('SIGINT'); // ends the schedule: verify stops publishing, drains, reports
    const verifyCode = await verify;
    const seen = watch.stop();
    writeFileSync(join(reportDir, 'verify.log'), log);
    expect(changed.code, changed.output.slice(-4000)).to.equal(0);
    expect(
      existsSync(join(reportDir, 'report.json')),
      `verify exited ${verifyCode} without a report (log: ${reportDir}/verify.log):\n${log.slice(-3000)}`,
    ).to.equal(true);
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Record<string, number>;
    const gap = report.maxConfirmGapMs!;
    console.log(
      `      confirmed ${report.confirmed}, lost ${report.lost}, longest confirm gap ${gap} ms; nodes accepting: at least ${seen.fewestUp} of 3 over ${seen.samples} samples`,
    );
    expect(verifyCode, log.slice(-3000)).to.equal(0);
    expect(report.lost).to.equal(0);
    expect(report.unexpected).to.equal(0);
    // the load really spanned the restarts: the publisher's node went down under it and it reconnected
    expect(report.publisherReconnects, 'publisher reconnects').to.be.at.least(1);
    expect(gap).to.be.below(3000);
    expect(seen.samples).to.be.greaterThan(100);
    expect(seen.fewestUp).to.be.at.least(2);
    // every node was restarted (new main PID), each in its own turn of the serial play
    const after = await mainPids();
    for (const [i, host] of RMQ.entries()) expect(after[i], host).not.to.equal(before[i]);
    expect(restartTurns(changed.output)).to.deep.equal([['rmq1'], ['rmq2'], ['rmq3']]);
    for (const host of RMQ) expect((await onHost(lab, host, 'grep -c "^heartbeat = 30$" /etc/rabbitmq/rabbitmq.conf')).stdout.trim(), host).to.equal('1');
    // converged with the new value: nothing changes, nothing restarts
    const again = await site('-e', 'rabbitmq_heartbeat=30');
    expect(again.code, whyFailed(again.output)).to.equal(0);
    for (const host of ALL) expect(parseRecap(again.output)[host].changed, host).to.equal(0);
    expect(await mainPids()).to.deep.equal(after);
  });
});

async function waitForLine(text: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text())) {
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs / 1000} s:\n${text().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
