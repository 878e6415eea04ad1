// End to end on lab hosts (issue 13): the security defaults and limits, and the rolling upgrade
// (-e rabbitmq_upgrade=true): refused before any node is touched while an alarm is raised or a
// node is missing; a clean one goes one node at a time through the gates and leaves every stable
// feature flag enabled. The change under load is rolling-under-load.test.ts. One deploy for all.
// Needs root (the lab); converges the lab first (~2 min from fresh hosts).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { deleteLeftoverQueues, onHost, rabbitmqLab, readSecrets, restartTurns, root, runPlaybook, waitFor, type LabAccess, whyFailed } from './helpers.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
const defaults = parse(readFileSync(`${root}roles/rabbitmq/defaults/main.yml`, 'utf8')) as Record<string, unknown>;
const PINNED_VERSION = String(defaults.rabbitmq_version);
const WATERMARK = String(defaults.rabbitmq_vm_memory_high_watermark);

describe('RabbitMQ security defaults and limits; the rolling upgrade: refused on an alarm or a missing node, gated when clean', function () {
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
    await deleteLeftoverQueues(lab, 'rmq1'); // on a lab another run left up; nothing on fresh hosts
    const converged = await site();
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
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
      // the unit's main process is the Erlang VM itself (the start scripts exec into beam.smp)
      const limits = await onHost(
        lab,
        host,
        "pid=$(systemctl show -p MainPID --value rabbitmq-server); cat /proc/$pid/comm; awk '/open files/ {print $5}' /proc/1/limits; awk '/open files/ {print $4, $5}' /proc/$pid/limits",
      );
      const [comm, ...numbers] = limits.stdout.trim().split(/\s+/);
      expect(comm, `${host}: the process whose limits are read`).to.equal('beam.smp');
      const [ceiling, soft, hard] = numbers.map(Number);
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

  it('an upgrade is refused before any node is touched while an alarm is raised or a node is missing', async () => {
    const before = await mainPids();
    const upgrade = () => runPlaybook(lab, passwordFile, 'playbooks/rolling-restart.yml', '-e', 'rabbitmq_upgrade=true');
    const refusedWith = async (reason: RegExp) => {
      const refused = await upgrade();
      expect(refused.code, refused.output.slice(-3000)).to.equal(2);
      expect(refused.output).to.match(/rabbitmq_upgrade refused before any node was touched: /);
      expect(refused.output).to.match(reason);
      expect(refused.output).not.to.match(/TASK \[rabbitmq : (Take this node out of HAProxy|Drain the node|Restart rabbitmq-server)/);
      return refused;
    };
    // a memory alarm on one node (its watermark far below what it uses)
    await onHost(lab, 'rmq2', 'rabbitmqctl -q set_vm_memory_high_watermark 0.000001');
    try {
      await waitFor('the memory alarm on rmq2', async () =>
        (await onHost(lab, 'rmq2', 'rabbitmq-diagnostics -q check_local_alarms')).code !== 0 ? true : undefined,
      );
      await refusedWith(/resource alarms: memory alarm on rabbit@rmq2/);
    } finally {
      await onHost(lab, 'rmq2', `rabbitmqctl -q set_vm_memory_high_watermark ${WATERMARK}`);
    }
    // a node whose RabbitMQ application is stopped (its Erlang VM, and so its main PID, stays)
    await onHost(lab, 'rmq3', 'rabbitmqctl -q stop_app');
    try {
      await refusedWith(/not running in the cluster: rmq3/);
    } finally {
      await onHost(lab, 'rmq3', 'rabbitmqctl -q start_app && rabbitmqctl -q await_startup');
    }
    expect(await mainPids(), 'no node was restarted').to.deep.equal(before);
    // no server was put into maintenance in HAProxy (rmq3's health checks may still be rising)
    const stat = (await onHost(lab, 'lb1', "echo 'show stat' | socat stdio /run/haproxy/admin.sock")).stdout;
    expect(stat.split('\n').filter((l) => /^rabbitmq_cluster,rmq/.test(l) && /MAINT/.test(l.split(',')[17] ?? ''))).to.deep.equal([]);
  });

  it('a clean upgrade goes one node at a time through the gates, then every stable feature flag is enabled', async () => {
    await waitFor('no alarm on rmq2', async () => ((await onHost(lab, 'rmq2', 'rabbitmq-diagnostics -q check_local_alarms')).code === 0 ? true : undefined));
    const before = await mainPids();
    const upgraded = await runPlaybook(lab, passwordFile, 'playbooks/rolling-restart.yml', '-e', 'rabbitmq_upgrade=true');
    expect(upgraded.code, whyFailed(upgraded.output)).to.equal(0);
    expect(restartTurns(upgraded.output)).to.deep.equal([['rmq1'], ['rmq2'], ['rmq3']]);
    const after = await mainPids();
    for (const [i, host] of RMQ.entries()) expect(after[i], host).not.to.equal(before[i]);
    for (const host of RMQ) {
      const version = (await onHost(lab, host, "dpkg-query -W -f '${Version}' rabbitmq-server")).stdout;
      expect(version, host).to.equal(PINNED_VERSION);
      const flags = (await onHost(lab, host, 'rabbitmqctl -q -s list_feature_flags name state stability')).stdout.trim().split('\n');
      const stable = flags.map((l) => l.split(/\s+/)).filter(([, , stability]) => stability === 'stable');
      console.log(`      ${host}: ${version}, ${stable.length} stable feature flags, ${stable.filter(([, state]) => state === 'enabled').length} enabled`);
      expect(stable.length, host).to.be.greaterThan(0);
      expect(
        stable.filter(([, state]) => state !== 'enabled'),
        host,
      ).to.deep.equal([]);
    }
  });
});
