// End to end on lab hosts (3 RabbitMQ + 1 HAProxy): the tests of issue 6, in order, on hosts
// that start fresh (the default lab is taken down first). Needs root (the lab); ~12 minutes.
// It leaves the lab up with site.yml converged.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import amqplib from 'amqplib';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import {
  changedDiffLines,
  changedTasks,
  labName,
  onHost,
  parseRecap,
  rabbitmqLab,
  readSecrets,
  root,
  runPlaybook,
  waitFor,
  type LabAccess,
  whyFailed,
} from './helpers.ts';

const run = promisify(execFile);
const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
const NODES = ['rabbit@rmq1', 'rabbit@rmq2', 'rabbit@rmq3'];
const HAPROXY_CFG_TASK = 'haproxy : Write haproxy.cfg (checked with haproxy -c before it replaces the old one)';

describe('RabbitMQ HA content on lab hosts', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let secrets: string[];
  let appPassword: string;
  let statsAuth: string;
  const outputs: string[] = [];
  const play = async (playbook: string, ...args: string[]) => {
    const started = Date.now();
    const result = await runPlaybook(lab, passwordFile, playbook, ...args);
    outputs.push(result.output);
    return { ...result, seconds: Math.round((Date.now() - started) / 100) / 10 };
  };
  const clusterStatus = async (host: string) => {
    const r = await onHost(lab, host, 'rabbitmqctl -q --formatter json cluster_status');
    expect(r.code, `cluster_status on ${host}`).to.equal(0);
    return JSON.parse(r.stdout) as { cluster_name: string; running_nodes: string[]; disk_nodes: string[]; partitions: unknown };
  };
  const unitState = async (host: string, unit: string) => (await onHost(lab, host, `systemctl show -p MainPID -p ExecMainStartTimestamp ${unit}`)).stdout;
  const rabbitStates = () => Promise.all(RMQ.map((h) => unitState(h, 'rabbitmq-server')));
  const haproxyReloads = async () => Number((await onHost(lab, 'lb1', 'journalctl -u haproxy --no-pager | grep -c "Reloaded haproxy"')).stdout.trim() || 0);
  const expectWholeCluster = async () => {
    for (const host of RMQ) {
      const status = await clusterStatus(host);
      expect(status.cluster_name, host).to.equal('warren_lab');
      expect([...status.running_nodes].sort(), host).to.deep.equal(NODES);
      expect(status.partitions, host).to.deep.equal({});
    }
  };

  before(async () => {
    // Fresh hosts: the check-mode test needs hosts nothing was installed on.
    await run('node', ['bin/warren.js', 'lab', 'down', '--name', labName], { cwd: root }).catch(() => undefined);
    lab = await rabbitmqLab(ALL);
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    passwordFile = vault.passwordFile;
    const values = await readSecrets(vault.vaultFile, vault.passwordFile);
    appPassword = values.rabbitmq_app_password;
    statsAuth = `Basic ${Buffer.from(`admin:${values.haproxy_stats_password}`).toString('base64')}`;
    secrets = [values.rabbitmq_erlang_cookie, values.rabbitmq_admin_password, values.rabbitmq_app_password, values.haproxy_stats_password];
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 8)).to.equal(true);
  });

  it('--check on fresh hosts reports changes and installs nothing', async () => {
    const hostsBefore = (await onHost(lab, 'rmq1', 'cat /etc/hosts')).stdout;
    const result = await play('playbooks/site.yml', '--check', '--diff');
    expect(result.code, result.output).to.equal(0);
    const recap = parseRecap(result.output);
    for (const host of ALL) expect(recap[host].changed, host).to.be.greaterThan(0);
    for (const host of RMQ) {
      const installed = await onHost(lab, host, 'dpkg -s rabbitmq-server || dpkg -s erlang-base || dpkg -s socat || test -e /etc/rabbitmq');
      expect(installed.code, host).to.not.equal(0);
    }
    expect((await onHost(lab, 'lb1', 'dpkg -s haproxy')).code).to.not.equal(0);
    expect((await onHost(lab, 'rmq1', 'cat /etc/hosts')).stdout).to.equal(hostsBefore);
  });

  it('a fresh site.yml run (-v --diff) forms the cluster: one name, three running nodes, the ha-all policy', async () => {
    const result = await play('playbooks/site.yml', '-v', '--diff');
    console.log(`      fresh site.yml run: ${result.seconds} s`);
    expect(result.code, whyFailed(result.output)).to.equal(0);
    await expectWholeCluster();
    const policies = JSON.parse((await onHost(lab, 'rmq2', 'rabbitmqctl -q --formatter json list_policies -p /')).stdout);
    const haAll = policies.find((p: { name: string }) => p.name === 'ha-all');
    const definition = typeof haAll.definition === 'string' ? JSON.parse(haAll.definition) : haAll.definition;
    expect(definition).to.deep.equal({ 'ha-mode': 'all', 'ha-sync-mode': 'automatic' });
    const cookie = await onHost(lab, 'rmq3', 'stat -c "%a %U %G %s" /var/lib/rabbitmq/.erlang.cookie');
    expect(cookie.stdout.trim()).to.equal(`400 rabbitmq rabbitmq ${secrets[0].length}`); // no trailing newline
  });

  it("HAProxy's stats page asks for the vault's password and shows three servers up", async () => {
    const lb = lab.hosts.lb1.address;
    expect((await fetch(`http://${lb}:8100/rabbitmq-stats;csv`)).status).to.equal(401);
    const up = await waitFor('three servers UP', async () => {
      const csv = await (await fetch(`http://${lb}:8100/rabbitmq-stats;csv`, { headers: { authorization: statsAuth } })).text();
      const rows = csv.split('\n').filter((l) => l.startsWith('rabbitmq_cluster,rmq'));
      const count = rows.filter((l) => l.split(',')[17] === 'UP').length;
      return count === 3 ? count : undefined;
    });
    expect(up).to.equal(3);
  });

  it('an AMQP client with the application user publishes and consumes through HAProxy; guest cannot log in remotely', async () => {
    const url = `amqp://app:${encodeURIComponent(appPassword)}@${lab.hosts.lb1.address}:5672/`;
    const conn = await amqplib.connect(url);
    try {
      const ch = await conn.createConfirmChannel();
      const queue = `warren-e2e-${Date.now()}`;
      await ch.assertQueue(queue, { durable: true });
      ch.sendToQueue(queue, Buffer.from('through haproxy'), { persistent: true });
      await ch.waitForConfirms();
      const msg = await waitFor('the message', async () => (await ch.get(queue, { noAck: true })) || undefined, 10_000);
      expect(msg.content.toString()).to.equal('through haproxy');
      await ch.deleteQueue(queue);
    } finally {
      await conn.close();
    }
    const guest = await amqplib.connect(`amqp://guest:guest@${lab.hosts.lb1.address}:5672/`).then(
      (c) => c.close().then(() => 'connected'),
      (err: Error) => err.message,
    );
    expect(guest).to.match(/ACCESS_REFUSED|403/);
  });

  it('a second run changes nothing on any host', async () => {
    const result = await play('playbooks/site.yml');
    console.log(`      converged site.yml run: ${result.seconds} s`);
    expect(result.code, whyFailed(result.output)).to.equal(0);
    const recap = parseRecap(result.output);
    expect(Object.keys(recap).sort()).to.deep.equal([...ALL].sort());
    for (const host of ALL) expect(recap[host].changed, host).to.equal(0);
  });

  it('--check --diff on the converged cluster: no change, no diff, no error', async () => {
    const result = await play('playbooks/site.yml', '--check', '--diff');
    expect(result.code, whyFailed(result.output)).to.equal(0);
    for (const [host, line] of Object.entries(parseRecap(result.output))) expect(line, host).to.include({ changed: 0, failed: 0, unreachable: 0 });
    expect(changedDiffLines(result.output)).to.deep.equal([]);
  });

  it('a changed HAProxy timeout: --check --diff shows exactly that line; the run changes the file and reloads HAProxy only', async () => {
    const checked = await play('playbooks/site.yml', '-e', 'haproxy_timeout_client=2h', '--check', '--diff');
    expect(checked.code, whyFailed(checked.output)).to.equal(0);
    expect(changedDiffLines(checked.output)).to.deep.equal(['-    timeout client 3h', '+    timeout client 2h']);
    expect(checked.output).to.contain('+++ after: /etc/haproxy/haproxy.cfg');
    expect(changedTasks(checked.output)).to.deep.equal([HAPROXY_CFG_TASK, 'haproxy : reload haproxy']);
    expect((await onHost(lab, 'lb1', 'grep -c "timeout client 3h" /etc/haproxy/haproxy.cfg')).stdout.trim()).to.equal('1');

    const rabbitBefore = await rabbitStates();
    const haproxyBefore = await unitState('lb1', 'haproxy');
    const reloadsBefore = await haproxyReloads();
    const real = await play('playbooks/site.yml', '-e', 'haproxy_timeout_client=2h');
    expect(real.code, whyFailed(real.output)).to.equal(0);
    expect(changedTasks(real.output)).to.deep.equal([HAPROXY_CFG_TASK, 'haproxy : reload haproxy']);
    const recap = parseRecap(real.output);
    for (const host of RMQ) expect(recap[host].changed, host).to.equal(0);
    expect(recap.lb1.changed).to.equal(2); // the template and the reload handler
    expect((await onHost(lab, 'lb1', 'grep -c "timeout client 2h" /etc/haproxy/haproxy.cfg')).stdout.trim()).to.equal('1');
    expect(await rabbitStates()).to.deep.equal(rabbitBefore); // same main PIDs: no node restarted
    expect(await unitState('lb1', 'haproxy')).to.equal(haproxyBefore); // reloaded, not restarted
    expect(await haproxyReloads()).to.equal(reloadsBefore + 1);

    const back = await play('playbooks/haproxy.yml');
    expect(back.code, whyFailed(back.output)).to.equal(0);
    expect(parseRecap(back.output).lb1.changed).to.equal(2);
  });

  it('a per-role run (playbooks/haproxy.yml, or --tags haproxy) touches nothing else', async () => {
    const perRole = await play('playbooks/haproxy.yml');
    expect(perRole.code, perRole.output).to.equal(0);
    expect(Object.keys(parseRecap(perRole.output))).to.deep.equal(['lb1']);
    expect(parseRecap(perRole.output).lb1.changed).to.equal(0);
    const tagged = await play('playbooks/site.yml', '--tags', 'haproxy', '-e', 'haproxy_timeout_client=2h');
    expect(tagged.code, tagged.output).to.equal(0);
    expect(changedTasks(tagged.output)).to.deep.equal([HAPROXY_CFG_TASK, 'haproxy : reload haproxy']);
    expect(tagged.output).to.not.match(/TASK \[(erlang|socat|rabbitmq|cookie-sync|cluster-join|mirror-policy) :/);
    for (const host of RMQ) expect(parseRecap(tagged.output)[host]?.changed ?? 0, host).to.equal(0);
    const restored = await play('playbooks/site.yml', '--tags', 'haproxy');
    expect(restored.code, restored.output).to.equal(0);
    expect(parseRecap(restored.output).lb1.changed).to.equal(2);
  });

  it('--limit on a freshly rebuilt node brings it back into the existing cluster', async () => {
    const othersBefore = await Promise.all(['rmq1', 'rmq2'].map((h) => unitState(h, 'rabbitmq-server')));
    const rebuilt = await run('node', ['bin/warren.js', 'lab', 'rebuild', 'rmq3', '--name', labName], { cwd: root });
    expect(rebuilt.stdout).to.match(/^rmq3: rebuilt/);
    expect((await onHost(lab, 'rmq3', 'dpkg -s rabbitmq-server')).code).to.not.equal(0);
    const stale = await clusterStatus('rmq1');
    expect(stale.disk_nodes).to.include('rabbit@rmq3'); // the cluster still lists the old incarnation
    expect(stale.running_nodes).to.not.include('rabbit@rmq3');

    const result = await play('playbooks/site.yml', '--limit', 'rmq3', '-v', '--diff');
    console.log(`      site.yml --limit rmq3 on a rebuilt host: ${result.seconds} s`);
    expect(result.code, whyFailed(result.output)).to.equal(0);
    expect(Object.keys(parseRecap(result.output))).to.deep.equal(['rmq3']);
    expect(result.output).to.contain('[rmq3 -> rmq1]'); // the seed forgot the old incarnation
    await expectWholeCluster();
    expect(await Promise.all(['rmq1', 'rmq2'].map((h) => unitState(h, 'rabbitmq-server')))).to.deep.equal(othersBefore);
  });

  it('remove-node.yml takes a node out with forget_cluster_node; site.yml joins it again', async () => {
    const removed = await play('playbooks/remove-node.yml', '-e', 'rabbitmq_remove_node=rmq3');
    expect(removed.code, whyFailed(removed.output)).to.equal(0);
    expect(changedTasks(removed.output)).to.include('Forget the removed node on another member (forget_cluster_node)');
    for (const host of ['rmq1', 'rmq2']) {
      const status = await clusterStatus(host);
      expect([...status.disk_nodes].sort(), host).to.deep.equal(['rabbit@rmq1', 'rabbit@rmq2']);
    }
    expect((await clusterStatus('rmq3')).disk_nodes).to.deep.equal(['rabbit@rmq3']); // standalone, reset

    const again = await play('playbooks/remove-node.yml', '-e', 'rabbitmq_remove_node=rmq3');
    expect(again.code, again.output).to.equal(0);
    for (const [host, line] of Object.entries(parseRecap(again.output))) expect(line.changed, host).to.equal(0);

    const bad = await play('playbooks/remove-node.yml', '-e', 'rabbitmq_remove_node=rmq1');
    expect(bad.code).to.equal(2);
    expect(bad.output).to.contain('pass -e rabbitmq_remove_via=ANOTHER_MEMBER');

    const rejoined = await play('playbooks/site.yml');
    expect(rejoined.code, whyFailed(rejoined.output)).to.equal(0);
    for (const host of ['rmq1', 'rmq2', 'lb1']) expect(parseRecap(rejoined.output)[host].changed, host).to.equal(0);
    await expectWholeCluster();
  });

  it('the cookie and the passwords appear in no output (-v and --diff included)', () => {
    expect(outputs.length).to.be.greaterThan(10);
    for (const output of outputs) for (const secret of secrets) expect(output.includes(secret)).to.equal(false);
  });
});
