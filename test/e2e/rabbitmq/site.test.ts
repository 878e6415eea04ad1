// End to end on lab hosts (3 RabbitMQ + 1 HAProxy): the tests of issue 6, in order, on hosts
// that start fresh. Needs root (the lab) and takes several minutes.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import amqplib from 'amqplib';
import { ensureLab } from '../../support/lab.ts';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { changedDiffLines, onHost, parseRecap, readSecrets, root, runPlaybook, waitFor, type LabAccess } from './helpers.ts';

const run = promisify(execFile);
const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];

describe('RabbitMQ HA content on lab hosts', function () {
  this.timeout(60 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let secrets: string[];
  let appPassword: string;
  const outputs: string[] = [];
  const play = async (playbook: string, ...args: string[]) => {
    const result = await runPlaybook(lab, passwordFile, playbook, ...args);
    outputs.push(result.output);
    return result;
  };
  const clusterStatus = async (host: string) => JSON.parse((await onHost(lab, host, 'rabbitmqctl -q --formatter json cluster_status')).stdout);

  before(async () => {
    // Fresh hosts: the check-mode test needs hosts nothing was installed on.
    await run('node', ['bin/warren.js', 'lab', 'down', '--name', 'warren'], { cwd: root }).catch(() => undefined);
    lab = await ensureLab({ name: 'warren', hosts: ALL });
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    passwordFile = vault.passwordFile;
    const values = await readSecrets(vault.vaultFile, vault.passwordFile);
    appPassword = values.rabbitmq_app_password;
    secrets = [values.rabbitmq_erlang_cookie, values.rabbitmq_admin_password, values.rabbitmq_app_password];
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 8)).to.equal(true);
  });

  it('--check on fresh hosts reports changes and installs nothing', async () => {
    const result = await play('playbooks/site.yml', '--check', '--diff');
    expect(result.code, result.output).to.equal(0);
    const recap = parseRecap(result.output);
    for (const host of ALL) expect(recap[host].changed, host).to.be.greaterThan(0);
    for (const host of RMQ) expect((await onHost(lab, host, 'dpkg -s rabbitmq-server')).code, host).to.not.equal(0);
    expect((await onHost(lab, 'lb1', 'dpkg -s haproxy')).code).to.not.equal(0);
  });

  it('a fresh site.yml run forms the cluster behind HAProxy', async () => {
    const result = await play('playbooks/site.yml');
    expect(result.code, result.output).to.equal(0);
    for (const host of RMQ) {
      const status = await clusterStatus(host);
      expect(status.cluster_name, host).to.equal('warren_lab');
      expect([...status.running_nodes].sort(), host).to.deep.equal(['rabbit@rmq1', 'rabbit@rmq2', 'rabbit@rmq3']);
      expect(status.partitions, host).to.deep.equal({});
    }
    const policies = JSON.parse((await onHost(lab, 'rmq2', 'rabbitmqctl -q --formatter json list_policies -p /')).stdout);
    const haAll = policies.find((p: { name: string }) => p.name === 'ha-all');
    const definition = typeof haAll.definition === 'string' ? JSON.parse(haAll.definition) : haAll.definition;
    expect(definition).to.deep.equal({ 'ha-mode': 'all', 'ha-sync-mode': 'automatic' });
  });

  it("HAProxy's stats page shows three servers up", async () => {
    const lb = lab.hosts.lb1.address;
    const up = await waitFor('three servers UP', async () => {
      const csv = await (await fetch(`http://${lb}:8100/rabbitmq-stats;csv`)).text();
      const rows = csv.split('\n').filter((l) => l.startsWith('rabbitmq_cluster,rmq'));
      const count = rows.filter((l) => l.split(',')[17] === 'UP').length;
      return count === 3 ? count : undefined;
    });
    expect(up).to.equal(3);
  });

  it('an AMQP client with the application user publishes and consumes through HAProxy', async () => {
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
  });

  it('a second run changes nothing on any host', async () => {
    const result = await play('playbooks/site.yml');
    expect(result.code, result.output).to.equal(0);
    const recap = parseRecap(result.output);
    for (const host of ALL) expect(recap[host]?.changed, host).to.equal(0);
  });

  it('a changed HAProxy timeout: --check --diff shows exactly that line; the run changes and reloads only HAProxy', async () => {
    const checked = await play('playbooks/site.yml', '-e', 'haproxy_timeout_client=2h', '--check', '--diff');
    expect(checked.code, checked.output).to.equal(0);
    expect(changedDiffLines(checked.output)).to.deep.equal(['-    timeout client 3h', '+    timeout client 2h']);
    expect(checked.output).to.contain('/etc/haproxy/haproxy.cfg');
    const checkRecap = parseRecap(checked.output);
    for (const host of RMQ) expect(checkRecap[host].changed, host).to.equal(0);
    expect((await onHost(lab, 'lb1', 'grep -c "timeout client 3h" /etc/haproxy/haproxy.cfg')).stdout.trim()).to.equal('1');

    const rmqStarted = await onHost(lab, 'rmq1', 'systemctl show -p ActiveEnterTimestamp rabbitmq-server');
    const real = await play('playbooks/site.yml', '-e', 'haproxy_timeout_client=2h');
    expect(real.code, real.output).to.equal(0);
    const recap = parseRecap(real.output);
    for (const host of RMQ) expect(recap[host].changed, host).to.equal(0);
    expect(recap.lb1.changed).to.equal(2); // the template and the reload handler
    expect(real.output).to.match(/reload haproxy/);
    expect((await onHost(lab, 'lb1', 'grep -c "timeout client 2h" /etc/haproxy/haproxy.cfg')).stdout.trim()).to.equal('1');
    expect((await onHost(lab, 'rmq1', 'systemctl show -p ActiveEnterTimestamp rabbitmq-server')).stdout).to.equal(rmqStarted.stdout);

    const back = await play('playbooks/haproxy.yml');
    expect(parseRecap(back.output).lb1.changed).to.equal(2);
  });

  it('a per-role run (playbooks/haproxy.yml, or --tags haproxy) touches nothing else', async () => {
    const perRole = await play('playbooks/haproxy.yml');
    expect(perRole.code, perRole.output).to.equal(0);
    expect(Object.keys(parseRecap(perRole.output))).to.deep.equal(['lb1']);
    expect(parseRecap(perRole.output).lb1.changed).to.equal(0);
    const tagged = await play('playbooks/site.yml', '--tags', 'haproxy');
    expect(tagged.code, tagged.output).to.equal(0);
    for (const [host, line] of Object.entries(parseRecap(tagged.output))) expect(line.changed, host).to.equal(0);
  });

  it('--limit on a rebuilt node brings it back into the existing cluster', async () => {
    // "Rebuilt": rmq3 loses RabbitMQ and its data, and the cluster forgets it.
    await onHost(lab, 'rmq3', 'systemctl stop rabbitmq-server; apt-get purge -y rabbitmq-server >/dev/null; rm -rf /var/lib/rabbitmq /etc/rabbitmq');
    await onHost(lab, 'rmq1', 'rabbitmqctl forget_cluster_node rabbit@rmq3');
    expect((await clusterStatus('rmq1')).disk_nodes).to.not.include('rabbit@rmq3');
    const result = await play('playbooks/site.yml', '--limit', 'rmq3');
    expect(result.code, result.output).to.equal(0);
    expect(Object.keys(parseRecap(result.output))).to.deep.equal(['rmq3']);
    for (const host of RMQ) expect([...(await clusterStatus(host)).running_nodes].sort(), host).to.deep.equal(['rabbit@rmq1', 'rabbit@rmq2', 'rabbit@rmq3']);
  });

  it('the cookie and the passwords appear in no output', () => {
    expect(outputs.length).to.be.greaterThan(5);
    for (const output of outputs) for (const secret of secrets) expect(output.includes(secret)).to.equal(false);
  });
});
