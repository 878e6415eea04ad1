import { expect } from 'chai';
import { resolve } from 'node:path';
import { loadVarsFile } from '../../../src/load/vars-file.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { base64Vault } from './fake-vault.ts';

const FIX = resolve('test/fixtures/load');

describe('loadVarsFile', () => {
  it('reads a plain mapping', async () => {
    expect(await loadVarsFile(`${FIX}/basic/vars/common.yml`, { secrets: new SecretRegistry() })).to.deep.equal({ common_var: 1 });
  });

  it('decrypts a whole-file vault and registers every leaf string as a secret', async () => {
    const secrets = new SecretRegistry();
    const vars = await loadVarsFile(`${FIX}/vault/whole.yml`, { secrets, vault: base64Vault });
    expect(vars).to.deep.equal({ secret_pw: 's3cr3tValue', user: 'admin' });
    expect(secrets.mask('pw=s3cr3tValue by admin')).to.equal('pw=******** by ********');
  });

  it('decrypts inline !vault values and registers only those', async () => {
    const secrets = new SecretRegistry();
    const vars = await loadVarsFile(`${FIX}/vault/inline.yml`, { secrets, vault: base64Vault });
    expect(vars).to.deep.equal({ plain: 'hello', cookie: 'inlineSecret', list: [1, 2] });
    expect(secrets.mask('hello inlineSecret')).to.equal('hello ********');
  });

  it('names the vaulted value when no vault password is given', async () => {
    const err = await loadVarsFile(`${FIX}/vault/inline.yml`, { secrets: new SecretRegistry() }).catch((e: Error) => e);
    expect((err as Error).message).to.equal(
      `${FIX}/vault/inline.yml:2:9: vaulted value but no vault password given (--vault-password-file or WARREN_VAULT_PASSWORD)`,
    );
  });

  it('names the file when a whole-file vault has no password', async () => {
    const err = await loadVarsFile(`${FIX}/vault/whole.yml`, { secrets: new SecretRegistry() }).catch((e: Error) => e);
    expect((err as Error).message).to.match(/whole\.yml:1:1: vaulted value but no vault password given/);
  });

  it('rejects a file that is not a mapping', async () => {
    const err = await loadVarsFile(`${FIX}/vault/list.yml`, { secrets: new SecretRegistry() }).catch((e: Error) => e);
    expect((err as Error).message).to.match(/list\.yml:1:1: a vars file must be a mapping/);
  });
});
