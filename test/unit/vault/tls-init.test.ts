import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decryptText } from '../../../src/vault/format.ts';
import { isVaulted } from '../../../src/vault/decryptor.ts';
import { caFileOf, describeTlsChange, ensureTls, type TlsVars, tlsVaultFileOf } from '../../../src/vault/tls-init.ts';
import { sansOf } from '../../../src/vault/tls-certs.ts';

const PASSWORD = 'tls-test-pw';

function inventoryYaml(nodes: Record<string, string>): string {
  const hosts = Object.entries(nodes)
    .map(([name, address]) => `        ${name}:\n          ansible_host: ${address}\n`)
    .join('');
  return `all:\n  children:\n    rabbitmq:\n      hosts:\n${hosts}    haproxy:\n      hosts:\n        lb1:\n          ansible_host: 10.9.0.20\n`;
}

/** The TLS server side with `pair`, the client trusting only `ca` and checking `servername`. */
async function handshake(pair: { cert: string; key: string }, ca: string, servername: string): Promise<string> {
  const server = createServer({ cert: pair.cert, key: pair.key }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve) => {
      const socket: TLSSocket = connect({ host: '127.0.0.1', port, ca, servername }, () => {
        resolve(`ok ${socket.getProtocol()}`);
        socket.end();
      });
      socket.on('error', (err) => resolve(`refused: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
  } finally {
    server.close();
  }
}

describe('secrets init: the inventory CA and node certificates', function () {
  this.timeout(60_000);
  let dir: string;
  const read = async () => parse(decryptText(await readFile(tlsVaultFileOf(dir), 'utf8'), PASSWORD)) as TlsVars;
  const writeInventory = (nodes: Record<string, string>) => writeFile(join(dir, 'hosts.yml'), inventoryYaml(nodes));

  let first: Awaited<ReturnType<typeof ensureTls>>;
  // One fresh inventory per test; key generation is the slow part, so it runs once per test.
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-tls-'));
    await mkdir(join(dir, 'group_vars', 'all'), { recursive: true });
    await writeInventory({ rmq1: '10.9.0.11', rmq2: '10.9.0.12' });
    first = await ensureTls(dir, PASSWORD);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes tls/ca.crt (public) and a vaulted 0600 tls.yml with the CA key and one key per node', async () => {
    const change = first;
    expect(change.caCreated).to.equal(true);
    expect(change.issued.map((i) => i.node)).to.deep.equal(['rmq1', 'rmq2']);
    expect((await stat(caFileOf(dir))).mode & 0o777).to.equal(0o644);
    expect((await stat(tlsVaultFileOf(dir))).mode & 0o777).to.equal(0o600);
    const text = await readFile(tlsVaultFileOf(dir), 'utf8');
    expect(isVaulted(text)).to.equal(true);
    expect(text).not.to.include('PRIVATE KEY');
    const vars = await read();
    expect(await readFile(caFileOf(dir), 'utf8')).to.equal(vars.rabbitmq_tls_ca_cert);
    expect(new X509Certificate(vars.rabbitmq_tls_ca_cert).ca).to.equal(true);
    for (const node of ['rmq1', 'rmq2']) {
      const cert = new X509Certificate(vars.rabbitmq_tls_certs[node]!);
      expect(cert.checkPrivateKey(createPrivateKey(vars.rabbitmq_tls_keys[node]!))).to.equal(true);
      expect(cert.subject).to.equal(`CN=${node}`);
    }
    expect(describeTlsChange(change).join('\n')).not.to.include('PRIVATE KEY');
  });

  it("names each node by inventory name and address, and HAProxy's (clients reach the node through it)", async () => {
    const vars = await read();
    expect(sansOf(vars.rabbitmq_tls_certs.rmq1!)).to.deep.equal(['rmq1', '10.9.0.11', 'lb1', '10.9.0.20']);
    expect(sansOf(vars.rabbitmq_tls_certs.rmq2!)).to.deep.equal(['rmq2', '10.9.0.12', 'lb1', '10.9.0.20']);
  });

  it('openssl verifies each node certificate against the CA, for TLS server and client use', async () => {
    const vars = await read();
    for (const purpose of ['sslserver', 'sslclient']) {
      const r = spawnSync('openssl', ['verify', '-purpose', purpose, '-CAfile', caFileOf(dir)], { input: vars.rabbitmq_tls_certs.rmq1, encoding: 'utf8' });
      expect(r.stdout + r.stderr).to.include('OK');
      expect(r.status).to.equal(0);
    }
  });

  it('a TLS client trusting only the CA connects by node name, by address, by HAProxy name; not by another name', async () => {
    const vars = await read();
    const pair = { cert: vars.rabbitmq_tls_certs.rmq1!, key: vars.rabbitmq_tls_keys.rmq1! };
    expect(await handshake(pair, vars.rabbitmq_tls_ca_cert, 'rmq1')).to.match(/^ok TLSv1\.[23]/);
    expect(await handshake(pair, vars.rabbitmq_tls_ca_cert, 'lb1')).to.match(/^ok/);
    expect(await handshake(pair, vars.rabbitmq_tls_ca_cert, 'rmq2')).to.equal('refused: ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('a re-run changes nothing; a new node gets a certificate and the others keep theirs', async () => {
    const before = await readFile(tlsVaultFileOf(dir), 'utf8');
    const again = await ensureTls(dir, PASSWORD);
    expect(again.caCreated).to.equal(false);
    expect(again.issued).to.deep.equal([]);
    expect(await readFile(tlsVaultFileOf(dir), 'utf8')).to.equal(before);
    expect(describeTlsChange(again)).to.deep.equal([`${tlsVaultFileOf(dir)}: the CA and every node's certificate are current`]);

    const old = await read();
    await writeInventory({ rmq1: '10.9.0.11', rmq2: '10.9.0.99', rmq3: '10.9.0.13' });
    const grown = await ensureTls(dir, PASSWORD);
    expect(grown.issued.map((i) => `${i.node}: ${i.why}`)).to.deep.equal([
      'rmq2: its names changed (rmq2, 10.9.0.12, lb1, 10.9.0.20 -> rmq2, 10.9.0.99, lb1, 10.9.0.20)',
      'rmq3: no certificate yet',
    ]);
    const now = await read();
    expect(now.rabbitmq_tls_ca_key).to.equal(old.rabbitmq_tls_ca_key);
    expect(now.rabbitmq_tls_certs.rmq1).to.equal(old.rabbitmq_tls_certs.rmq1);
    expect(now.rabbitmq_tls_keys.rmq1).to.equal(old.rabbitmq_tls_keys.rmq1);
  });

  it('force makes a new CA and re-issues every node certificate under it', async () => {
    const old = await read();
    const renewed = await ensureTls(dir, PASSWORD, { force: true });
    expect(renewed.caCreated).to.equal(true);
    expect(renewed.issued).to.have.length(2);
    const now = await read();
    expect(now.rabbitmq_tls_ca_cert).not.to.equal(old.rabbitmq_tls_ca_cert);
    expect(await readFile(caFileOf(dir), 'utf8')).to.equal(now.rabbitmq_tls_ca_cert);
    const caKey = new X509Certificate(now.rabbitmq_tls_ca_cert).publicKey;
    expect(new X509Certificate(now.rabbitmq_tls_certs.rmq1!).verify(caKey)).to.equal(true);
  });
});
