import { expect } from 'chai';
import { resolve } from 'node:path';
import { loadVarsFile } from '../../../src/load/vars-file.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { base64Vault } from './fake-vault.ts';
import { parseYamlText, toJsChecked } from '../../../src/core/yaml-file.ts';
import { PyFloat } from '../../../src/template/python-numbers.ts';

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

describe('YAML floats as PyYAML reads them', () => {
  const read = (text: string): Record<string, unknown> =>
    toJsChecked(parseYamlText(text, 'x.yml', { secrets: new SecretRegistry() })) as Record<string, unknown>;

  it('a whole float keeps being a float; fractions are numbers; `1e3` (no point) is a string', () => {
    const v = read('a: 2.0\nb: 1.0e+3\nc: 1.\nd: -2.0\ne: 1_000.0\nf: !!float 4\ng: 1.5\nh: .5\ni: 1e3\nj: 2\nk: .inf\n');
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) expect(v[key], key).to.be.instanceOf(PyFloat);
    expect(Object.values(v).map(String)).to.deep.equal(['2.0', '1000.0', '1.0', '-2.0', '1000.0', '4.0', '1.5', '0.5', '1e3', '2', 'Infinity']);
    expect([v.g, v.h, v.i, v.j]).to.deep.equal([1.5, 0.5, '1e3', 2]);
  });

  it('keeps them inside lists, dicts and aliases', () => {
    const v = read('a: &x [2.0, 1]\nb: *x\nc: { d: 3.0 }\n');
    expect(v).to.deep.equal({ a: [new PyFloat(2), 1], b: [new PyFloat(2), 1], c: { d: new PyFloat(3) } });
  });
});
