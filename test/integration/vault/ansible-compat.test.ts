// Ansible Vault compatibility both ways, with Debian's ansible-vault (ansible-core, installed by
// scripts/install-deps.sh): files it encrypted run in a playbook (vars_files, -e @file, inline
// !vault, several vault ids) with every secret masked; files warren writes in Ansible's format,
// or rekeys, ansible-vault opens.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MASK } from '../../../src/vault/secret-registry.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/vault-ansible');
const SECRETS = ['s3cr3t-from-ansible', 'token-from-ansible-123', 'prod-token-456'];

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): { code: number | null; out: string; stdout: string } {
  const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const k of ['WARREN_VAULT_PASSWORD', 'WARREN_VAULT_PASSWORD_FILE', 'ANSIBLE_CONFIG']) delete clean[k];
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 90_000, env: clean });
  if (res.error) throw new Error(`${cmd}: ${res.error.message} (ansible-vault comes with Debian's ansible-core: apt-get install ansible-core)`);
  return { code: res.status, out: `${res.stdout}\n${res.stderr}`, stdout: res.stdout };
}

const warren = (args: string[], cwd: string) => run(process.execPath, [join(ROOT, 'bin/warren.js'), ...args], cwd);
const ansibleVault = (args: string[], cwd: string) => run('ansible-vault', args, cwd, { ANSIBLE_CONFIG: '/dev/null', HOME: cwd });

describe('Ansible Vault compatibility (files from and for ansible-vault)', function () {
  this.timeout(180_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-ansible-vault-'));
    for (const f of ['v11-vars.yml', 'v12-prod-vars.yml', 'inline-vars.yml', 'default.pass', 'prod.pass']) await copyFile(join(FIXTURES, f), join(dir, f));
    await writeFile(join(dir, 'hosts.yml'), 'all:\n  hosts:\n    h1:\n  vars:\n    ansible_connection: local\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a playbook with ansible-vault files in vars_files, -e @file and inline !vault, masking every secret', async () => {
    await mkdir(join(dir, 'group_vars'));
    await copyFile(join(dir, 'inline-vars.yml'), join(dir, 'group_vars', 'all.yml'));
    await writeFile(
      join(dir, 'site.yml'),
      `- hosts: h1
  gather_facts: false
  vars_files: [v12-prod-vars.yml]
  tasks:
    - copy:
        content: "{{ db_password }} {{ api_token }} {{ prod_token }} {{ extra_password }} {{ unicode }}\\n"
        dest: "{{ playbook_dir }}/out.txt"
    - debug:
        msg: "{{ db_password }} {{ api_token }} {{ prod_token }} {{ extra_password }}"
`,
    );
    await writeFile(join(dir, 'extra.yml'), 'extra_password: "s3cr3t-from-ansible"\n');
    // -e @file: a whole-file Ansible vault; the extra.yml plain file is read after it.
    const args = [
      join(ROOT, 'bin/run-playbook.js'),
      'site.yml',
      '-i',
      'hosts.yml',
      '-v',
      '--vault-id',
      'default@default.pass',
      '--vault-id',
      'prod@prod.pass',
      '-e',
      '@v11-vars.yml',
      '-e',
      '@extra.yml',
    ];
    const { code, out } = run(process.execPath, args, dir);
    expect(code, out).to.equal(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).to.equal('s3cr3t-from-ansible token-from-ansible-123 prod-token-456 s3cr3t-from-ansible grüße 😀\n');
    expect(out).to.include(MASK);
    for (const s of SECRETS) expect(out, `leaked ${s}`).not.to.include(s);
  });

  it('refuses a vaulted -e @file without a password, naming the file, before any host is touched', async () => {
    await writeFile(join(dir, 'site.yml'), '- hosts: h1\n  gather_facts: false\n  tasks:\n    - copy: {content: x, dest: "{{ playbook_dir }}/touched"}\n');
    const { code, out } = run(process.execPath, [join(ROOT, 'bin/run-playbook.js'), 'site.yml', '-i', 'hosts.yml', '-e', '@v11-vars.yml'], dir);
    expect(code, out).to.equal(4);
    expect(out).to.include('v11-vars.yml').and.include('no vault password');
    expect(await readFile(join(dir, 'touched'), 'utf8').catch(() => 'absent')).to.equal('absent');
  });

  it('writes Ansible vault files and strings that ansible-vault decrypts (1.1 and 1.2)', async () => {
    await writeFile(join(dir, 'a.yml'), 'answer: 42\n');
    await writeFile(join(dir, 'b.yml'), 'answer: 43\n');
    expect(warren(['vault', 'encrypt', 'a.yml', '--format', 'ansible', '--vault-password-file', 'default.pass'], dir).code).to.equal(0);
    expect(warren(['vault', 'encrypt', 'b.yml', '--format', 'ansible', '--vault-id', 'prod@prod.pass'], dir).code).to.equal(0);
    expect((await readFile(join(dir, 'a.yml'), 'utf8')).split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.1;AES256');
    expect((await readFile(join(dir, 'b.yml'), 'utf8')).split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(ansibleVault(['view', '--vault-password-file', 'default.pass', 'a.yml'], dir).stdout).to.equal('answer: 42\n');
    expect(ansibleVault(['view', '--vault-id', 'prod@prod.pass', 'b.yml'], dir).stdout).to.equal('answer: 43\n');
    const snippet = warren(
      ['vault', 'encrypt-string', '--format', 'ansible', '--vault-password-file', 'default.pass', '--name', 'tok', 'value-for-ansible'],
      dir,
    );
    expect(snippet.code, snippet.out).to.equal(0);
    const body = snippet.stdout
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .join('\n');
    await writeFile(join(dir, 'string.vault'), body);
    // decrypt, not view: view adds a newline the plain text does not have.
    expect(ansibleVault(['decrypt', '--vault-password-file', 'default.pass', '--output', '-', 'string.vault'], dir).stdout).to.equal('value-for-ansible');
  });

  it('rekey keeps an Ansible file in Ansible format with its vault id, and view reads ansible-vault files', async () => {
    const view = warren(['vault', 'view', 'v12-prod-vars.yml', '--vault-id', 'prod@prod.pass'], dir);
    expect(view.stdout).to.equal(await readFile(join(FIXTURES, 'plain-vars.yml'), 'utf8'));
    await writeFile(join(dir, 'new.pass'), 'brand-new-pass\n');
    const rekey = warren(['vault', 'rekey', 'v12-prod-vars.yml', '--vault-id', 'prod@prod.pass', '--new-vault-id', 'prod@new.pass'], dir);
    expect(rekey.code, rekey.out).to.equal(0);
    expect((await readFile(join(dir, 'v12-prod-vars.yml'), 'utf8')).split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');
    const viewed = ansibleVault(['view', '--vault-id', 'prod@new.pass', 'v12-prod-vars.yml'], dir);
    expect(viewed.stdout, viewed.out).to.equal(await readFile(join(FIXTURES, 'plain-vars.yml'), 'utf8'));
  });

  it('takes the vault password file from ansible.cfg, for runs and for the vault verbs', async () => {
    await writeFile(join(dir, 'ansible.cfg'), '[defaults]\ninventory = hosts.yml\nvault_identity_list = prod@prod.pass\nvault_password_file = default.pass\n');
    await writeFile(
      join(dir, 'site.yml'),
      '- hosts: h1\n  gather_facts: false\n  vars_files: [v11-vars.yml, v12-prod-vars.yml]\n  tasks:\n    - copy: {content: "{{ db_password }}", dest: "{{ playbook_dir }}/out.txt"}\n',
    );
    const { code, out } = run(process.execPath, [join(ROOT, 'bin/run-playbook.js'), 'site.yml'], dir);
    expect(code, out).to.equal(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).to.equal('s3cr3t-from-ansible');
    expect(warren(['vault', 'view', 'v12-prod-vars.yml'], dir).stdout).to.include('s3cr3t-from-ansible');
  });
});
