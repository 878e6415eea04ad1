// End to end on lab hosts: a change that needs every RabbitMQ node restarted keeps the cluster
// serving (issue 13). Under load from `warren verify --fault none` through HAProxy, the nodes
// restart one at a time behind health gates; also the security defaults and limits, and the
// upgrade gates. Needs root (the lab); converges the lab first (~2 min from fresh hosts).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { onHost, parseRecap, rabbitmqLab, readSecrets, root, runPlaybook, type LabAccess } from './helpers.ts';
import { watchNodes } from './node-watch.ts';

const run = promisify(execFile);
const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
const RATE = 400;
const LEAD_SECONDS = 300; // publishing before verify's (absent) fault: longer than site.yml with the rolling restart

/** Longest run of seconds with no confirm in the chart, as an upper bound in ms (1 s buckets). */
function gapFromChart(svg: string): number {
  const points = /<polyline[^>]*points="([^"]*)"/.exec(svg)?.[1] ?? '';
  const ys = points.trim().split(' ').map((p) => Number(p.split(',')[1]));
  const base = Math.max(...ys);
  let zeros = 0;
  let worst = 0;
  for (const y of ys.slice(1, -1)) {
    zeros = y === base ? zeros + 1 : 0;
    worst = Math.max(worst, zeros);
  }
  return (worst + 1) * 1000;
}

/** The hosts restarted by each run of the restart task (one list per serial batch). */
function restartTurns(output: string): string[][] {
  return output
    .split(/^(?=TASK \[)/m)
    .filter((block) => block.startsWith('TASK [rabbitmq : Restart rabbitmq-server]'))
    .map((block) => [...block.matchAll(/^changed: \[(\S+)\]$/gm)].map((m) => m[1]!))
    .filter((hosts) => hosts.length > 0);
}

describe('RabbitMQ changes that restart every node, on a serving cluster', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let secrets: Record<string, string>;
  const site = (...args: string[]) => runPlaybook(lab, passwordFile, 'playbooks/site.yml', ...args);
  const mainPids = () => Promise.all(RMQ.map(async (h) => (await onHost(lab, h, 'systemctl show -p MainPID --value rabbitmq-server')).stdout.trim()));

  before(async () => {
    lab = await rabbitmqLab(ALL);
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    passwordFile = vault.passwordFile;
    secrets = await readSecrets(vault.vaultFile, vault.passwordFile);
    const converged = await site();
    expect(converged.code, converged.output.slice(-3000)).to.equal(0);
  });

  it('security defaults and limits: guest deleted, stats page behind the vault password, 65536 open files, Prometheus on 15692', async () => {
    expect((await onHost(lab, 'rmq1', 'rabbitmqctl -q list_users')).stdout).not.to.match(/^guest\s/m);
    const stats = `http://${lab.hosts.lb1.address}:8100/rabbitmq-stats;csv`;
    expect((await fetch(stats)).status).to.equal(401);
    const auth = `Basic ${Buffer.from(`admin:${secrets.haproxy_stats_password}`).toString('base64')}`;
    const page = await fetch(stats, { headers: { authorization: auth } });
    expect(page.status).to.equal(200);
    expect(await page.text()).to.match(/^rabbitmq_cluster,rmq1,/m);
    for (const host of RMQ) {
      // The unit asks 65536; the kernel gives the node that, or the container's hard limit if lower
      // (this lab machine caps every process at 20000 and root may not raise it).
      const unit = await onHost(lab, host, 'systemctl show -p LimitNOFILE --value rabbitmq-server');
      expect(unit.stdout.trim(), host).to.equal('65536');
      const limits = await onHost(lab, host, 'awk \'/open files/ {print $5}\' /proc/1/limits; awk \'/open files/ {print $4, $5}\' /proc/$(systemctl show -p MainPID --value rabbitmq-server)/limits');
      const [ceiling, soft, hard] = limits.stdout.trim().split(/\s+/).map(Number);
      const expected = Math.min(65536, ceiling!);
      console.log(`      ${host}: beam.smp may open ${soft} files (unit 65536, host ceiling ${ceiling})`);
      expect([soft, hard], `${host}: ${limits.stdout}`).to.deep.equal([expected, expected]);
      const conf = await onHost(lab, host, 'cat /etc/rabbitmq/rabbitmq.conf');
      expect(conf.stdout, host).to.contain('vm_memory_high_watermark.relative = 0.4\ndisk_free_limit.absolute = 2GB\n');
    }
    const metrics = await fetch(`http://${lab.hosts.rmq2.address}:15692/metrics`);
    expect(metrics.status).to.equal(200);
    expect(await metrics.text()).to.match(/^rabbitmq_identity_info\{/m);
  });

  it('a config change under load restarts the nodes one at a time: lost 0, confirm gap < 3 s, two of three nodes up throughout', async () => {
    const before = await mainPids();
    const watch = watchNodes(RMQ.map((h) => lab.hosts[h].address), 5672);
    const reportDir = mkdtempSync(join(tmpdir(), 'warren-rolling-'));
    const argv = ['bin/warren.js', 'verify', '-i', lab.inventoryPath, '--vault-password-file', passwordFile, '--fault', 'none', '--queue-type', 'quorum', '--lead', String(LEAD_SECONDS), '--rate', String(RATE), '--json', '--report', reportDir];
    const verify = run('node', argv, { cwd: root, maxBuffer: 64 * 1024 * 1024 }).then(() => 0, (err: { code?: number }) => err.code ?? 1);
    await new Promise((r) => setTimeout(r, 8000));
    const changed = await site('-e', 'rabbitmq_heartbeat=30');
    const verifyCode = await verify;
    const seen = watch.stop();
    expect(changed.code, changed.output.slice(-4000)).to.equal(0);
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Record<string, number>;
    const gap = typeof report.maxConfirmGapMs === 'number' ? report.maxConfirmGapMs : gapFromChart(readFileSync(join(reportDir, 'chart.svg'), 'utf8'));
    console.log(`      confirmed ${report.confirmed}, lost ${report.lost}, longest confirm gap ${gap} ms; nodes accepting: at least ${seen.fewestUp} of 3 over ${seen.samples} samples`);
    expect(verifyCode).to.equal(0);
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
    expect(again.code, again.output.slice(-3000)).to.equal(0);
    for (const host of ALL) expect(parseRecap(again.output)[host].changed, host).to.equal(0);
    expect(await mainPids()).to.deep.equal(after);
  });

  it('an upgrade refuses to start while a resource alarm is raised, and restarts no node', async () => {
    const before = await mainPids();
    await onHost(lab, 'rmq2', 'rabbitmqctl -q set_disk_free_limit 100000GB');
    try {
      const refused = await runPlaybook(lab, passwordFile, 'playbooks/rolling-restart.yml', '-e', 'rabbitmq_upgrade=true', '-e', 'rabbitmq_gate_retries=1', '-e', 'rabbitmq_gate_delay=1');
      expect(refused.code, refused.output.slice(-3000)).to.equal(2);
      expect(refused.output).to.match(/the cluster is not ready for this node to go down: resource alarms: disk alarm on rabbit@rmq2/);
      expect(refused.output).to.contain('NO MORE HOSTS LEFT');
      expect(refused.output).not.to.match(/TASK \[rabbitmq : Drain the node/);
    } finally {
      await onHost(lab, 'rmq2', 'rabbitmqctl -q set_disk_free_limit 2GB');
    }
    expect(await mainPids()).to.deep.equal(before);
  });
});
