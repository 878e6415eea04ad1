// Ansible Vault 1.1/1.2 against texts that Debian's ansible-vault 2.14 encrypted
// (test/fixtures/vault-ansible/make.sh), and warren's own writer read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { decryptAnsibleText, encryptAnsibleText, parseAnsibleEnvelope } from '../../../src/vault/ansible-format.ts';
import { createVaultDecryptor } from '../../../src/vault/keyring.ts';
import { encryptText } from '../../../src/vault/format.ts';
import { isVaulted } from '../../../src/vault/decryptor.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/vault-ansible');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const PLAIN = fixture('plain-vars.yml');

describe('Ansible vault format', () => {
  it('decrypts a 1.1 file ansible-vault wrote', () => {
    expect(isVaulted(fixture('v11-vars.yml'))).to.equal(true);
    expect(decryptAnsibleText(fixture('v11-vars.yml'), 'default-pass')).to.equal(PLAIN);
  });

  it('decrypts a 1.2 file and reads its vault id', () => {
    const text = fixture('v12-prod-vars.yml');
    expect(parseAnsibleEnvelope(text).vaultId).to.equal('prod');
    expect(decryptAnsibleText(text, 'prod-pass')).to.equal(PLAIN);
  });

  it('handles the padding of one byte and of exactly one AES block', () => {
    expect(decryptAnsibleText(fixture('one-byte.vault'), 'default-pass')).to.equal('x');
    expect(decryptAnsibleText(fixture('block.vault'), 'default-pass')).to.equal('0123456789abcdef');
  });

  it('refuses a wrong password and a changed byte (HMAC checked before decrypting)', () => {
    expect(() => decryptAnsibleText(fixture('v11-vars.yml'), 'wrong')).to.throw(/wrong password or the file was modified/);
    const lines = fixture('v11-vars.yml').split('\n');
    const body = lines[3]!;
    lines[3] = body.slice(0, 10) + (body[10] === '3' ? '4' : '3') + body.slice(11);
    expect(() => decryptAnsibleText(lines.join('\n'), 'default-pass')).to.throw(/vault:/);
  });

  it('refuses a truncated text and an unknown version with a clear message', () => {
    const text = fixture('v11-vars.yml');
    expect(() => decryptAnsibleText(text.split('\n').slice(0, 4).join('\n'), 'default-pass')).to.throw(/damaged or truncated|truncated|not hex/);
    expect(() => decryptAnsibleText(text.replace(';1.1;', ';1.3;'), 'default-pass')).to.throw(/unsupported Ansible vault version 1.3/);
  });

  it('writes 1.1 for the default id and 1.2 with the label otherwise, wrapped at 80 columns', () => {
    const v11 = encryptAnsibleText(PLAIN, 'pw');
    const v12 = encryptAnsibleText(PLAIN, 'pw', 'prod');
    expect(v11.split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.1;AES256');
    expect(encryptAnsibleText('a', 'pw', 'default').split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.1;AES256');
    expect(v12.split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');
    for (const line of v12.trimEnd().split('\n').slice(1)) expect(line).to.match(/^[0-9a-f]{1,80}$/);
    expect(decryptAnsibleText(v12, 'pw')).to.equal(PLAIN);
    expect(decryptAnsibleText(encryptAnsibleText('', 'pw'), 'pw')).to.equal('');
  });
});

describe('vault keyring (several vault ids, both formats)', () => {
  const secrets = [
    { id: 'default', password: 'default-pass' },
    { id: 'prod', password: 'prod-pass' },
  ];

  it('opens each file with the secret that fits and says which one', () => {
    const keyring = createVaultDecryptor(secrets);
    expect(keyring.open(fixture('v11-vars.yml')).secret.id).to.equal('default');
    expect(keyring.open(fixture('v12-prod-vars.yml')).secret.id).to.equal('prod');
    expect(keyring.decrypt(encryptText('warren text', 'prod-pass'))).to.equal('warren text');
  });

  it('tries every id, not only the one a 1.2 header names (Ansible default vault_id_match=false)', () => {
    const relabelled = fixture('v12-prod-vars.yml').replace(';prod', ';staging');
    expect(createVaultDecryptor(secrets).decrypt(relabelled)).to.equal(PLAIN);
  });

  it('names the ids it tried when none fits', () => {
    expect(() =>
      createVaultDecryptor([
        { id: 'a', password: 'x' },
        { id: 'b', password: 'y' },
      ]).decrypt(fixture('v11-vars.yml')),
    ).to.throw('vault: none of the 2 vault passwords (ids: a, b) decrypts it');
  });

  it('decrypts the inline !vault values of an encrypt_string snippet', () => {
    const keyring = createVaultDecryptor(secrets);
    const doc = parse(fixture('inline-vars.yml'), {
      customTags: [{ tag: '!vault', resolve: (text: string) => keyring.decrypt(text) }],
    }) as Record<string, string>;
    expect(doc).to.deep.equal({ plain_var: 'visible', api_token: 'token-from-ansible-123', prod_token: 'prod-token-456' });
  });
});
