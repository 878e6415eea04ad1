import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decryptText, encryptText, parseEnvelope } from '../../../src/vault/format.ts';
import { tlsVaultFileOf } from '../../../src/vault/tls-init.ts';
import { isVaulted } from '../../../src/vault/decryptor.ts';
import { addMissingSecrets, ensureLabSecrets, initSecrets } from '../../../src/vault/secrets-init.ts';
import { readPasswordFile } from '../../../src/vault/password.ts';

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('secrets init', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-secrets-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function secretsOf(file: string, password: string): Promise<Record<string, string>> {
    const text = await readFile(file, 'utf8');
    expect(isVaulted(text)).to.equal(true);
    return parse(decryptText(text, password)) as Record<string, string>;
  }

  it('writes a vaulted group_vars/all/vault.yml with a RabbitMQ-style cookie and URL-safe passwords', async () => {
    const file = await initSecrets(dir, 'pw-one');
    expect(file).to.equal(join(dir, 'group_vars', 'all', 'vault.yml'));
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const s = await secretsOf(file, 'pw-one');
    expect(s.rabbitmq_erlang_cookie).to.match(/^[A-Z]{20}$/);
    expect(s.rabbitmq_admin_password).to.match(/^[A-Za-z0-9_-]{24,}$/);
    expect(s.rabbitmq_app_password).to.match(/^[A-Za-z0-9_-]{24,}$/);
    expect(s.rabbitmq_admin_password).not.to.equal(s.rabbitmq_app_password);
  });

  it('refuses to replace existing secrets without force, and makes new ones with it', async () => {
    const file = await initSecrets(dir, 'pw');
    const first = await secretsOf(file, 'pw');
    expect(await messageOf(initSecrets(dir, 'pw'))).to.match(/already exists.*--force/);
    expect(await secretsOf(file, 'pw')).to.deep.equal(first);
    await initSecrets(dir, 'pw', { force: true });
    const second = await secretsOf(file, 'pw');
    for (const key of Object.keys(first)) expect(second[key], key).not.to.equal(first[key]);
  });

  it('ensureLabSecrets creates the password file and vault once, then leaves them alone', async () => {
    const made = await ensureLabSecrets(dir);
    expect(made.passwordFile).to.equal(join(dir, '.vault_pass'));
    expect((await stat(made.passwordFile)).mode & 0o777).to.equal(0o600);
    const password = await readPasswordFile(made.passwordFile);
    const before = await readFile(made.vaultFile, 'utf8');
    expect((await secretsOf(made.vaultFile, password)).rabbitmq_erlang_cookie).to.match(/^[A-Z]{20}$/);
    await ensureLabSecrets(dir);
    expect(await readFile(made.vaultFile, 'utf8')).to.equal(before);
  });

  it('ensureLabSecrets vaults the secrets and the TLS keys under one key (one salt: a run derives one scrypt key, not two)', async () => {
    const made = await ensureLabSecrets(dir);
    const password = await readPasswordFile(made.passwordFile);
    const salt = async (file: string) => parseEnvelope(await readFile(file, 'utf8')).salt.toString('hex');
    expect(await salt(tlsVaultFileOf(dir))).to.equal(await salt(made.vaultFile));
    expect(parse(decryptText(await readFile(tlsVaultFileOf(dir), 'utf8'), password))).to.have.property('rabbitmq_tls_ca_key');
    // a vault written under another password is not reused: a fresh key
    await writeFile(tlsVaultFileOf(dir), encryptText('x: 1\n', 'another password'));
    await initSecrets(dir, password, { force: true });
    expect(await salt(made.vaultFile)).to.not.equal(await salt(tlsVaultFileOf(dir)));
    expect((await secretsOf(made.vaultFile, password)).rabbitmq_admin_password).to.have.length(32);
  });

  it('ensureLabSecrets adds a secret an older vault lacks (haproxy_stats_password) and keeps the others', async () => {
    const made = await ensureLabSecrets(dir);
    const password = await readPasswordFile(made.passwordFile);
    const { haproxy_stats_password: _dropped, ...older } = await secretsOf(made.vaultFile, password);
    const oldText = `${Object.entries(older)
      .map(([k, v]) => `${k}: "${v}"`)
      .join('\n')}\n`;
    await writeFile(made.vaultFile, encryptText(oldText, password));
    expect(await addMissingSecrets(made.vaultFile, password)).to.deep.equal(['haproxy_stats_password']);
    const now = await secretsOf(made.vaultFile, password);
    expect(now.haproxy_stats_password).to.match(/^[A-Za-z0-9_-]{32}$/);
    for (const key of Object.keys(older)) expect(now[key], key).to.equal(older[key]);
    expect(await addMissingSecrets(made.vaultFile, password)).to.deep.equal([]);
  });

  it('ensureLabSecrets refuses a vault whose password file is gone', async () => {
    const made = await ensureLabSecrets(dir);
    await rm(made.passwordFile);
    expect(await messageOf(ensureLabSecrets(dir))).to.include('password file');
  });
});
