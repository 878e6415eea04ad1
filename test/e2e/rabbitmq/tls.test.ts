// End to end on lab hosts: TLS with the inventory's CA (warren secrets init, run by the lab's
// ensureLabSecrets). site.yml with rabbitmq_tls_enabled pushes the certificates, opens AMQPS and
// HTTPS management, and HAProxy forwards 5671 in TCP mode; `warren verify --tls` goes through
// it while the brokers are asked whether its connections are TLS. Then converged and --check
// runs, and plain AMQP turned off. Needs root (the lab); converges the lab first.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import amqplib from 'amqplib';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { caFileOf } from '../../../src/vault/tls-init.ts';
import type { VerifyReport } from '../../../src/verify/run.ts';
import { changedTasks, onHost, parseRecap, rabbitmqLab, readSecrets, root, runPlaybook, type LabAccess, whyFailed } from './helpers.ts';

const run = promisify(execFile);
const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];

interface TlsConnection {
  node: string;
  ssl: boolean;
  protocol: string;
}

describe('TLS through HAProxy: AMQPS, HTTPS management, certificates from the inventory CA (lab)', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let appPassword: string;
  let ca: Buffer;
  let varsDir: string;
  const varsFile = (name: string, vars: Record<string, unknown>) => {
    const file = join(varsDir, `${name}.json`);
    writeFileSync(file, JSON.stringify(vars));
    return `@${file}`;
  };
  const TLS = { rabbitmq_tls_enabled: true };
  const site = (vars: Record<string, unknown>, ...args: string[]) =>
    runPlaybook(lab, passwordFile, 'playbooks/site.yml', '-e', varsFile('vars', vars), ...args);
  const amqps = (port: number, options: Record<string, unknown> = { ca: [ca] }) =>
    amqplib.connect(`amqps://app:${encodeURIComponent(appPassword)}@${lab.hosts.lb1.address}:${port}/`, { timeout: 5000, ...options }).then(
      (c) => c.close().then(() => 'ok'),
      (err: Error) => `refused: ${err.message}`,
    );
  const amqp = (address: string, port: number) =>
    amqplib.connect(`amqp://app:${encodeURIComponent(appPassword)}@${address}:${port}/`, { timeout: 5000 }).then(
      (c) => c.close().then(() => 'ok'),
      (err: Error) => `refused: ${err.message}`,
    );
  const fingerprints = () => Promise.all(RMQ.map((h) => onHost(lab, h, 'sha256sum /etc/rabbitmq/rabbitmq.conf /etc/rabbitmq/tls/*').then((r) => r.stdout)));

  /** The connections whose client named itself warren-verify, with the broker's word on TLS. */
  async function verifyConnections(): Promise<TlsConnection[]> {
    const found: TlsConnection[] = [];
    for (const node of RMQ) {
      const r = await onHost(lab, node, 'rabbitmqctl -q --formatter json list_connections client_properties ssl ssl_protocol');
      if (r.code !== 0) continue;
      for (const c of JSON.parse(r.stdout || '[]') as Array<{ client_properties: unknown; ssl: boolean; ssl_protocol: string }>) {
        if (JSON.stringify(c.client_properties).includes('warren-verify')) found.push({ node, ssl: c.ssl, protocol: String(c.ssl_protocol) });
      }
    }
    return found;
  }

  before(async () => {
    lab = await rabbitmqLab(ALL);
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    passwordFile = vault.passwordFile;
    appPassword = (await readSecrets(vault.vaultFile, vault.passwordFile)).rabbitmq_app_password;
    ca = readFileSync(caFileOf(dirname(lab.inventoryPath)));
    varsDir = mkdtempSync(join(tmpdir(), 'warren-tls-e2e-'));
    const deployed = await site(TLS);
    expect(deployed.code, deployed.output.slice(-4000)).to.equal(0);
    expect(deployed.output).not.to.include('PRIVATE KEY');
  });

  it('each node holds its key 0400 owned by rabbitmq, and listens for AMQPS (5671) and HTTPS (15671)', async () => {
    for (const host of RMQ) {
      expect((await onHost(lab, host, 'stat -c "%a %U:%G" /etc/rabbitmq/tls/node.key')).stdout.trim(), host).to.equal('400 rabbitmq:rabbitmq');
      expect((await onHost(lab, host, 'stat -c "%a %U:%G" /etc/rabbitmq/tls')).stdout.trim(), host).to.equal('750 root:rabbitmq');
      const listeners = (await onHost(lab, host, 'rabbitmq-diagnostics -q listeners')).stdout;
      expect(listeners, host).to.match(/port: 5671, protocol: amqp\/ssl/);
      expect(listeners, host).to.match(/port: 15671, protocol: https/);
    }
    // HTTPS management answers with the node's certificate, checked against the inventory's CA.
    const status = await new Promise<string>((resolve) => {
      const req = httpsGet({ host: lab.hosts.rmq2.address, port: 15671, path: '/api/overview', ca, timeout: 5000 }, (res) => {
        res.resume();
        resolve(String(res.statusCode));
      });
      req.on('error', (err) => resolve(`error: ${err.message}`));
    });
    expect(status).to.equal('401');
  });

  it("HAProxy's AMQPS backend sees every node up through TLS health checks", async () => {
    // a node restarted by the rolling change is UP again only after `rise` good checks: poll a while
    let states: string[] = [];
    for (let i = 0; i < 30; i++) {
      const stat = (await onHost(lab, 'lb1', "echo 'show stat' | socat stdio /run/haproxy/admin.sock")).stdout;
      const rows = stat.split('\n').filter((l) => l.startsWith('rabbitmq_cluster_tls,rmq'));
      states = rows.map((l) => `${l.split(',')[1]} ${l.split(',')[17]}`);
      if (states.every((x) => x.endsWith(' UP')) && states.length === 3) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(states).to.deep.equal(['rmq1 UP', 'rmq2 UP', 'rmq3 UP']);
  });

  it('a client trusting only the inventory CA connects through HAProxy 5671; without the CA, or without TLS, it cannot', async () => {
    expect(await amqps(5671)).to.equal('ok');
    expect(await amqps(5671, {})).to.match(/^refused: .*(self-signed|unable to verify|certificate)/i);
    expect(await amqp(lab.hosts.lb1.address, 5671)).to.match(/^refused/);
  });

  it('warren verify --tls publishes and consumes through HAProxy over TLS: the brokers report its connections as TLS, nothing lost', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'warren-verify-tls-'));
    const argv = ['bin/warren.js', 'verify', '-i', lab.inventoryPath, '--vault-password-file', passwordFile, '--tls', '--json', '--report', reportDir];
    // Publishing runs by time (lead + settle at --rate): about 12 s, long enough to catch the connections.
    const args = ['--fault', 'none', '--queue-type', 'quorum', '--rate', '40', '--lead', '10', '--settle', '2'];
    const verifying = run('node', [...argv, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).then(
      () => 0,
      (err: { code?: number; stderr?: string }) => {
        console.log(err.stderr?.slice(-3000));
        return typeof err.code === 'number' ? err.code : 1;
      },
    );
    let done = false;
    void verifying.then(() => {
      done = true;
    });
    const seen: TlsConnection[] = [];
    while (!done) {
      seen.push(...(await verifyConnections()));
      await new Promise((r) => setTimeout(r, 500));
    }
    const code = await verifying;
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as VerifyReport;
    console.log(
      `      verify --tls: attempted ${report.attempted}, confirmed ${report.confirmed}, lost ${report.lost}; the brokers listed ${seen.length} warren-verify connections (${[...new Set(seen.map((c) => `${c.node} ssl=${c.ssl} ${c.protocol}`))].join(', ')})`,
    );
    expect(code).to.equal(0);
    expect(report.confirmed).to.be.above(100);
    expect(report).to.include({ confirmed: report.attempted, lost: 0, unexpected: 0 });
    expect(seen.length, 'the brokers saw warren-verify connections').to.be.above(0);
    for (const c of seen) expect(c, JSON.stringify(c)).to.deep.include({ ssl: true });
    expect(
      seen.every((c) => /^tlsv1\.[23]$/.test(c.protocol)),
      JSON.stringify(seen),
    ).to.equal(true);
  });

  it('a converged run changes nothing, and --check with plain AMQP off reports the change without making it', async () => {
    const again = await site(TLS);
    expect(again.code, whyFailed(again.output)).to.equal(0);
    for (const host of ALL) expect(parseRecap(again.output)[host].changed, `${host}\n${changedTasks(again.output).join('\n')}`).to.equal(0);

    const before = await fingerprints();
    const checked = await site({ ...TLS, rabbitmq_plain_amqp_enabled: false }, '--check');
    expect(checked.code, whyFailed(checked.output)).to.equal(0);
    expect(changedTasks(checked.output)).to.include.members(['rabbitmq : Write rabbitmq.conf (listeners, TLS, guest access, partition handling, management)']);
    expect(await fingerprints()).to.deep.equal(before);
    expect(await amqp(lab.hosts.rmq1.address, 5672)).to.equal('ok');
  });

  it('plain AMQP off: nodes and HAProxy refuse 5672, AMQPS through HAProxy still works (rolled one node at a time)', async () => {
    const off = await site({ ...TLS, rabbitmq_plain_amqp_enabled: false });
    expect(off.code, off.output.slice(-4000)).to.equal(0);
    for (const host of RMQ) expect(await amqp(lab.hosts[host].address, 5672), host).to.match(/^refused/);
    expect(await amqp(lab.hosts.lb1.address, 5672)).to.match(/^refused/);
    expect(await amqps(5671)).to.equal('ok');
    expect(off.output).to.match(/TASK \[rabbitmq : Restart rabbitmq-server\]/);
  });
});
