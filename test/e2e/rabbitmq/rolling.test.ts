// End to end on lab hosts (issue 13): the security defaults and limits, and the upgrade gates of the
// rolling restart. The change under load is test/long/rolling-under-load.test.ts.
// Needs root (the lab); converges the lab first (~2 min from fresh hosts).
import { expect } from 'chai';
import { dirname } from 'node:path';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { onHost, rabbitmqLab, readSecrets, runPlaybook, type LabAccess } from './helpers.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];

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
      const limits = await onHost(
        lab,
        host,
        "awk '/open files/ {print $5}' /proc/1/limits; awk '/open files/ {print $4, $5}' /proc/$(systemctl show -p MainPID --value rabbitmq-server)/limits",
      );
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

  it('an upgrade refuses to start while a resource alarm is raised, and restarts no node', async () => {
    const before = await mainPids();
    await onHost(lab, 'rmq2', 'rabbitmqctl -q set_disk_free_limit 100000GB');
    try {
      const refused = await runPlaybook(
        lab,
        passwordFile,
        'playbooks/rolling-restart.yml',
        '-e',
        'rabbitmq_upgrade=true',
        '-e',
        'rabbitmq_gate_retries=1',
        '-e',
        'rabbitmq_gate_delay=1',
      );
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
