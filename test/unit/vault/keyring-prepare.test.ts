// The keyring's prepare(): vault keys derived on the thread pool before the (sync) decrypt, and
// vaulted group_vars files of one inventory loaded together. Same plaintexts, same errors, same
// merge order as one file after another.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadVarsDirs } from '../../../src/inventory/vars-dirs.ts';
import { loadInventory } from '../../../src/inventory/load.ts';
import { encryptAnsibleText } from '../../../src/vault/ansible-format.ts';
import { encryptText } from '../../../src/vault/format.ts';
import { createVaultDecryptor } from '../../../src/vault/keyring.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';

const AUTH = 'vault: wrong password or the file was modified (authentication failed)';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('vault keyring: prepare() derives the key off the main thread', () => {
  const secrets = [
    { id: 'default', password: 'default-pass' },
    { id: 'prod', password: 'prod-pass' },
  ];

  it('opens both formats with the secret that fits after prepare, as without it', async () => {
    const texts = [
      encryptText('warren prod', 'prod-pass'),
      encryptAnsibleText('ansible prod', 'prod-pass', 'prod'),
      encryptText('warren default', 'default-pass'),
    ];
    const prepared = createVaultDecryptor(secrets);
    await Promise.all(texts.map((t) => prepared.prepare!(t)));
    const opened = texts.map((t) => prepared.open(t));
    expect(opened.map((o) => [o.plain, o.secret.id])).to.deep.equal([
      ['warren prod', 'prod'],
      ['ansible prod', 'prod'],
      ['warren default', 'default'],
    ]);
    const plain = createVaultDecryptor(secrets);
    expect(texts.map((t) => plain.open(t).secret.id)).to.deep.equal(['prod', 'prod', 'default']);
  });

  it('never rejects: a wrong password, a damaged text and an empty password fail in decrypt, with the same words', async () => {
    const wrong = encryptText('x', 'other');
    const damaged = '$WARREN_VAULT;1.0;AES256-GCM;scrypt\nAAAA\n';
    for (const [password, text] of [
      ['default-pass', wrong],
      ['default-pass', damaged],
      ['', wrong],
    ] as const) {
      const keyring = createVaultDecryptor(password);
      await keyring.prepare!(text);
      expect(messageOf(() => keyring.decrypt(text))).to.equal(messageOf(() => createVaultDecryptor(password).decrypt(text)));
    }
    const keyring = createVaultDecryptor('default-pass');
    await keyring.prepare!(wrong);
    expect(messageOf(() => keyring.decrypt(wrong))).to.equal(AUTH);
  });
});

describe('vaulted group_vars files load together, merge in order', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-vars-dirs-'));
    await mkdir(join(dir, 'group_vars', 'all'), { recursive: true });
    await mkdir(join(dir, 'host_vars'));
    await writeFile(join(dir, 'hosts.yml'), 'all:\n  hosts:\n    h1:\n');
    await writeFile(join(dir, 'group_vars', 'all', 'a.yml'), encryptText('same: from a\nonly_a: secret-of-file-a\n', 'pw'));
    await writeFile(join(dir, 'group_vars', 'all', 'b.yml'), encryptText('same: from b\nonly_b: 2\n', 'pw'));
    await writeFile(join(dir, 'group_vars', 'all', 'c.yml'), 'same: from c\n');
    await writeFile(join(dir, 'host_vars', 'h1.yml'), encryptText('mine: secret-of-host-h1\n', 'pw'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('later files win, as when read one after another, and every vaulted value is a secret', async () => {
    const secrets = new SecretRegistry();
    const inv = await loadInventory([join(dir, 'hosts.yml')], { secrets, vault: createVaultDecryptor('pw') });
    expect(inv.groups.get('all')?.vars).to.deep.equal({ same: 'from c', only_a: 'secret-of-file-a', only_b: 2 });
    expect(inv.hosts.get('h1')?.vars).to.deep.equal({ mine: 'secret-of-host-h1' });
    expect([secrets.contains('secret-of-file-a'), secrets.contains('secret-of-host-h1'), secrets.contains('from c')]).to.deep.equal([true, true, false]);
  });

  it('the error is the first bad file by name, whichever fails first', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'warren-vars-dirs-bad-'));
    try {
      await mkdir(join(bad, 'group_vars', 'all'), { recursive: true });
      await writeFile(join(bad, 'group_vars', 'all', 'a.yml'), encryptText('x: 1\n', 'not-pw')); // fails after a key derivation
      await writeFile(join(bad, 'group_vars', 'all', 'b.yml'), 'x: [\n'); // fails at once
      const err = await loadVarsDirs(bad, { secrets: new SecretRegistry(), vault: createVaultDecryptor('pw') }).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(err).to.contain('a.yml:1:1: cannot decrypt vaulted file');
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
