import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createVaultDecryptor } from '../../../src/vault/keyring.ts';

const ENTRY = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));
const PASSWORD = 'cli-test-password';
const NEW_PASSWORD = 'the-new-password';
const SECRET = 'plain "secret" \\ text ✓';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function warren(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  // an empty ansible.cfg: the project root's names the lab's password file once `lab up` made it
  const env: NodeJS.ProcessEnv = { ...process.env, ANSIBLE_CONFIG: '/dev/null', ...opts.env };
  delete env.WARREN_VAULT_PASSWORD;
  delete env.WARREN_VAULT_PASSWORD_FILE;
  const res = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], { input: opts.input ?? '', encoding: 'utf8', env: { ...env, ...opts.env } });
  const run = { code: res.status, stdout: res.stdout, stderr: res.stderr };
  // The password itself must never be printed, whatever the verb.
  expect(run.stdout + run.stderr).not.to.include(PASSWORD);
  expect(run.stdout + run.stderr).not.to.include(NEW_PASSWORD);
  return run;
}

describe('warren vault and secrets commands (child processes)', function () {
  this.timeout(60_000);
  let dir: string;
  let passFile: string;
  let newPassFile: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-vault-cli-'));
    passFile = join(dir, 'pass');
    newPassFile = join(dir, 'newpass');
    await writeFile(passFile, `${PASSWORD}\n`, { mode: 0o600 });
    await writeFile(newPassFile, `${NEW_PASSWORD}\n`, { mode: 0o600 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('encrypt, view and decrypt a file in place, keeping its mode', async () => {
    const file = join(dir, 'vars.yml');
    await writeFile(file, SECRET);
    await chmod(file, 0o640);
    const enc = warren(['vault', 'encrypt', file, '--vault-password-file', passFile]);
    expect(enc.code, enc.stderr).to.equal(0);
    expect(enc.stderr).to.include('Encryption successful');
    const vaulted = await readFile(file, 'utf8');
    expect(vaulted.startsWith('$WARREN_VAULT;1.0;AES256-GCM;scrypt\n')).to.equal(true);
    expect(vaulted).not.to.include('secret');
    expect((await stat(file)).mode & 0o777).to.equal(0o640);

    const again = warren(['vault', 'encrypt', file, '--vault-password-file', passFile]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.include('already vault-encrypted');

    const view = warren(['vault', 'view', file, '--vault-password-file', passFile]);
    expect(view.code).to.equal(0);
    expect(view.stdout).to.equal(SECRET);

    const dec = warren(['vault', 'decrypt', file, '--vault-password-file', passFile]);
    expect(dec.code, dec.stderr).to.equal(0);
    expect(await readFile(file, 'utf8')).to.equal(SECRET);
    expect((await stat(file)).mode & 0o777).to.equal(0o640);
  });

  it('encrypt and decrypt with --output, and read the password from the environment', async () => {
    const file = join(dir, 'plain.txt');
    await writeFile(file, SECRET);
    const out = join(dir, 'out.vault');
    expect(warren(['vault', 'encrypt', file, '--output', out], { env: { WARREN_VAULT_PASSWORD: PASSWORD } }).code).to.equal(0);
    expect(await readFile(file, 'utf8')).to.equal(SECRET);
    const toStdout = warren(['vault', 'decrypt', out, '--output', '-'], { env: { WARREN_VAULT_PASSWORD_FILE: passFile } });
    expect(toStdout.code, toStdout.stderr).to.equal(0);
    expect(toStdout.stdout).to.equal(SECRET);
  });

  it('fails clearly on a wrong password, a truncated file, and no password at all, leaving files alone', async () => {
    const file = join(dir, 'v.yml');
    await writeFile(file, SECRET);
    warren(['vault', 'encrypt', file, '--vault-password-file', passFile]);
    const vaulted = await readFile(file, 'utf8');
    const wrong = warren(['vault', 'decrypt', file, '--vault-password-file', newPassFile]);
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.include('vault: wrong password or the file was modified (authentication failed)');
    expect(await readFile(file, 'utf8')).to.equal(vaulted);

    await writeFile(file, vaulted.split('\n').slice(0, 2).join('\n'));
    const cut = warren(['vault', 'view', file, '--vault-password-file', passFile]);
    expect(cut.code).to.equal(1);
    expect(cut.stderr).to.include('vault: file is truncated');
    expect(cut.stdout).to.equal('');

    const usage = warren(['vault', 'view', file, '--no-such-flag']);
    expect(usage.code).to.equal(5);
    expect(usage.stderr).to.include('unknown option');

    const none = warren(['vault', 'view', file]);
    expect(none.code).to.equal(5);
    expect(none.stderr).to.include('no vault password');
  });

  it('create and edit through $EDITOR on a private temp file that is removed afterwards', async () => {
    const editor = join(dir, 'editor.sh');
    const log = join(dir, 'editor.log');
    await writeFile(editor, `#!/bin/sh\nstat -c '%a' "$1" "$(dirname "$1")" > '${log}'\necho "$1" >> '${log}'\necho "added: line" >> "$1"\n`, { mode: 0o700 });
    const file = join(dir, 'new.yml');
    const created = warren(['vault', 'create', file, '--vault-password-file', passFile], { env: { EDITOR: editor } });
    expect(created.code, created.stderr).to.equal(0);
    const [fileMode, dirMode, tempPath] = (await readFile(log, 'utf8')).trim().split('\n');
    expect([fileMode, dirMode]).to.deep.equal(['600', '700']);
    expect(existsSync(tempPath!)).to.equal(false);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const decryptor = createVaultDecryptor(PASSWORD);
    expect(decryptor.decrypt(await readFile(file, 'utf8'))).to.equal('added: line\n');

    const exists = warren(['vault', 'create', file, '--vault-password-file', passFile], { env: { EDITOR: editor } });
    expect(exists.code).to.equal(1);
    expect(exists.stderr).to.include('already exists');

    expect(warren(['vault', 'edit', file, '--vault-password-file', passFile], { env: { EDITOR: editor } }).code).to.equal(0);
    expect(decryptor.decrypt(await readFile(file, 'utf8'))).to.equal('added: line\nadded: line\n');

    const before = await readFile(file, 'utf8');
    const unchanged = warren(['vault', 'edit', file, '--vault-password-file', passFile], { env: { EDITOR: 'true' } });
    expect(unchanged.code).to.equal(0);
    expect(unchanged.stderr).to.include('No changes');
    expect(await readFile(file, 'utf8')).to.equal(before);
  });

  it('rekey re-encrypts with the new password only', async () => {
    const files = [join(dir, 'a.yml'), join(dir, 'b.yml')];
    for (const f of files) await writeFile(f, `${f}: ${SECRET}`);
    expect(warren(['vault', 'encrypt', ...files, '--vault-password-file', passFile]).code).to.equal(0);
    const rekey = warren(['vault', 'rekey', ...files, '--vault-password-file', passFile, '--new-vault-password-file', newPassFile]);
    expect(rekey.code, rekey.stderr).to.equal(0);
    expect(rekey.stderr).to.include('Rekey successful');
    for (const f of files) {
      expect(warren(['vault', 'view', f, '--vault-password-file', passFile]).code).to.equal(1);
      expect(warren(['vault', 'view', f, '--vault-password-file', newPassFile]).stdout).to.equal(`${f}: ${SECRET}`);
    }
  });

  it('encrypt-string prints `NAME: !vault |` YAML that parses with a !vault tag and decrypts back', () => {
    const decryptor = createVaultDecryptor(PASSWORD);
    const vaultTag = { tag: '!vault', resolve: (text: string) => decryptor.decrypt(text) };
    const named = warren(['vault', 'encrypt-string', '--name', 'db_password', SECRET, '--vault-password-file', passFile]);
    expect(named.code, named.stderr).to.equal(0);
    expect(named.stdout).to.match(/^db_password: !vault \|\n {10}\$WARREN_VAULT;1\.0;AES256-GCM;scrypt\n( {10}[A-Za-z0-9+/=]{1,80}\n)+$/);
    const doc = `---\nother: 1\n${named.stdout}last: x\n`;
    expect(parse(doc, { customTags: [vaultTag] })).to.deep.equal({ other: 1, db_password: SECRET, last: 'x' });

    const fromStdin = warren(['vault', 'encrypt_string', '--stdin-name', 'cookie', '--vault-password-file', passFile], { input: 'ABCDEFGHIJKLMNOPQRST\n' });
    expect(fromStdin.code, fromStdin.stderr).to.equal(0);
    expect(parse(fromStdin.stdout, { customTags: [vaultTag] })).to.deep.equal({ cookie: 'ABCDEFGHIJKLMNOPQRST' });

    const two = warren(['vault', 'encrypt-string', '-n', 'a', '-n', 'b', 'value-a', 'value-b', '--vault-password-file', passFile]);
    expect(parse(two.stdout, { customTags: [vaultTag] })).to.deep.equal({ a: 'value-a', b: 'value-b' });

    const bare = warren(['vault', 'encrypt-string', 'just-a-value', '--vault-password-file', passFile]);
    expect(parse(`key: ${bare.stdout}`, { customTags: [vaultTag] })).to.deep.equal({ key: 'just-a-value' });

    const badName = warren(['vault', 'encrypt-string', '--name', 'bad name', 'x', '--vault-password-file', passFile]);
    expect(badName.code).to.equal(5);
  });

  it('secrets init writes a vaulted file and a 0600 password file, and refuses to overwrite without --force', async () => {
    const inv = join(dir, 'inventory');
    const first = warren(['secrets', 'init', inv]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/must NOT be committed/);
    const passwordFile = join(inv, '.vault_pass');
    expect((await stat(passwordFile)).mode & 0o777).to.equal(0o600);
    const vaultFile = join(inv, 'group_vars', 'all', 'vault.yml');
    const view = warren(['vault', 'view', vaultFile, '--vault-password-file', passwordFile]);
    const secrets = parse(view.stdout) as Record<string, string>;
    expect(secrets.rabbitmq_erlang_cookie).to.match(/^[A-Z]{20}$/);
    expect(first.stdout + first.stderr).not.to.include(secrets.rabbitmq_erlang_cookie);
    // The inventory's CA: the certificate in the clear for clients, its key only in the vault.
    expect(first.stdout).to.include("Created the inventory's CA");
    expect(await readFile(join(inv, 'tls', 'ca.crt'), 'utf8')).to.match(/^-----BEGIN CERTIFICATE-----/);
    const tlsFile = join(inv, 'group_vars', 'all', 'tls.yml');
    expect((await stat(tlsFile)).mode & 0o777).to.equal(0o600);
    const tls = parse(warren(['vault', 'view', tlsFile, '--vault-password-file', passwordFile]).stdout) as Record<string, string>;
    expect(tls.rabbitmq_tls_ca_key).to.include('PRIVATE KEY');
    expect(first.stdout + first.stderr).not.to.include('PRIVATE KEY');

    const before = await readFile(vaultFile, 'utf8');
    const refused = warren(['secrets', 'init', inv]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('--force');
    expect(await readFile(vaultFile, 'utf8')).to.equal(before);

    const kept = warren(['secrets', 'init', inv, '--if-missing']);
    expect(kept.code, kept.stderr).to.equal(0);
    expect(kept.stdout).to.include('keeping its secrets');
    expect(kept.stdout).to.include("the CA and every node's certificate are current");
    expect(await readFile(vaultFile, 'utf8')).to.equal(before);

    expect(warren(['secrets', 'init', inv, '--force']).code).to.equal(0);
    const renewed = parse(warren(['vault', 'view', vaultFile, '--vault-password-file', passwordFile]).stdout) as Record<string, string>;
    expect(renewed.rabbitmq_erlang_cookie).to.match(/^[A-Z]{20}$/);
    expect(renewed.rabbitmq_erlang_cookie).not.to.equal(secrets.rabbitmq_erlang_cookie);
    expect(renewed.rabbitmq_app_password).not.to.equal(secrets.rabbitmq_app_password);
  });
});
