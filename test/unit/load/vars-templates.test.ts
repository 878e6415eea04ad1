// Template syntax in vars files is checked when the file is read, at the value's file:line:col.
import { expect } from 'chai';
import { UnsafeText } from '../../../src/core/unsafe.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVarsFile } from '../../../src/load/vars-file.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { decryptAnsibleText, encryptAnsibleText } from '../../../src/vault/ansible-format.ts';

describe('vars files: template syntax checked at load time', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-varstpl-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (text: string): Promise<unknown> => {
    const path = join(dir, `v${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(path, text);
    return loadVarsFile(path, { secrets: new SecretRegistry() }).catch((e: Error) => e.message.replace(`${path}:`, 'FILE:'));
  };

  it('accepts good templates, !unsafe text and plain values', async () => {
    const vars = await load('a: "{{ x | default(1) }}"\nb: !unsafe "{{ x"\nc: 5\n');
    expect(vars).to.deep.equal({ a: '{{ x | default(1) }}', b: new UnsafeText('{{ x'), c: 5 });
    expect(String((vars as { b: unknown }).b)).to.equal('{{ x');
  });

  it('names the variable and the column of the broken tag in a one-line value', async () => {
    expect(await load('ok: 1\nnested:\n  deep: "x {{ a | }}"\n')).to.equal(
      `FILE:3:12: template error in variable 'nested.deep': expected a filter name after "|" but found 'end of expression'`,
    );
  });

  it('an unclosed block tag and an unsupported filter', async () => {
    expect(await load('bad: x {% if a %}\n')).to.match(/^FILE:1:8: template error in variable 'bad': 'if' tag is not closed/);
    expect(await load("f: '{{ a | frob }}'\n")).to.equal("FILE:1:5: template error in variable 'f': warren does not support the filter 'frob'");
  });

  it('a literal block scalar: the exact line and column of the broken tag in the file', async () => {
    expect(await load('bad: |\n  line1\n  {{ a b }}\n')).to.equal("FILE:3:3: template error in variable 'bad': unexpected 'b'");
    expect(await load('x:\n  deep: |-  # note\n\n      ok\n        {{ a | }}\n')).to.equal(
      `FILE:5:9: template error in variable 'x.deep': expected a filter name after "|" but found 'end of expression'`,
    );
  });

  it('a folded block scalar names the line inside the value (folding moves the text)', async () => {
    expect(await load('bad: >\n  line1\n\n  {{ a b }}\n')).to.equal(
      "FILE:1:6: template error in variable 'bad' (line 2, column 1 of the value): unexpected 'b'",
    );
  });
});

describe('vaulted vars files: templates checked once decrypted, secrets never shown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warren-vault-tpl-'));
  const password = 'correct horse';
  const vault = { decrypt: (text: string) => decryptAnsibleText(text, password) };

  it('a bad template in an Ansible-vaulted file fails at its decrypted line:col without its text', async () => {
    const path = join(dir, 'whole.yml');
    writeFileSync(path, encryptAnsibleText('user: admin\ntoken: "{{ s3cr3t_word | nope_filter }}"\n', password));
    const err = (await loadVarsFile(path, { secrets: new SecretRegistry(), vault }).catch((e: Error) => e)) as Error;
    expect(err.message).to.equal(
      `${path}:2:8: template error in a value of this vaulted file (not shown: it is secret; line 2, column 8 of the decrypted text)`,
    );
    expect(err.message).to.not.match(/s3cr3t_word|nope_filter|admin/);
  });

  it('an inline !vault value is checked too; a good vaulted file loads', async () => {
    const inline = join(dir, 'inline.yml');
    const cipher = encryptAnsibleText('{{ s3cr3t_word', password).trim().replace(/\n/g, '\n  ');
    writeFileSync(inline, `plain: hello\ntoken: !vault |\n  ${cipher}\n`);
    const err = (await loadVarsFile(inline, { secrets: new SecretRegistry(), vault }).catch((e: Error) => e)) as Error;
    expect(err.message).to.match(/inline\.yml:2:\d+: template error in the vaulted variable 'token' \(not shown: it is secret\)$/);
    expect(err.message).to.not.include('s3cr3t_word');
    const good = join(dir, 'good.yml');
    writeFileSync(good, encryptAnsibleText('a: "{{ b | default(1) }}"\n', password));
    expect(await loadVarsFile(good, { secrets: new SecretRegistry(), vault })).to.deep.equal({ a: '{{ b | default(1) }}' });
  });
});
