// A playbook that uses vaulted variables (a whole-file vault in group_vars and an inline !vault
// value) and a no_log variable, run over the local connection: no secret may appear in the
// progress output, the recap, -v output, --diff, --json or error messages.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVaultEncryptor } from '../../../src/vault/format.ts';
import { MASK } from '../../../src/vault/secret-registry.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PASSWORD = 'masking-test-vault-password';
const FILE_SECRET = 'Vault-File-Secret-9f2k';
const TRICKY_SECRET = `pa"ss\\wo'rd-77`;
const INLINE_SECRET = 'Inline-Secret-4q8z';
const NOLOG_SECRET = 'NoLog-Token-7h3m';

/** Every form a leak could take: verbatim, JSON-escaped, base64. */
function leakForms(): string[] {
  const secrets = [FILE_SECRET, TRICKY_SECRET, INLINE_SECRET, NOLOG_SECRET, PASSWORD];
  return secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), Buffer.from(s).toString('base64')]);
}

function indentVault(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n');
}

function playbookYaml(inlineVaulted: string): string {
  return `- hosts: h1
  gather_facts: false
  vars:
    inline_secret: !vault |
${indentVault(inlineVaulted)}
  tasks:
    - name: show the vaulted values
      debug:
        msg: "file={{ vault_file_secret }} tricky={{ vault_tricky_secret }} inline={{ inline_secret }}"
    - name: echo a vaulted value from a command
      command: echo {{ inline_secret }}
    - name: base64 of a vaulted value
      debug:
        msg: "{{ vault_file_secret | b64encode }}"
    - name: write the secret to a file
      copy:
        content: "password={{ vault_file_secret }}\\n"
        dest: "{{ workdir }}/secret.conf"
    - name: a no_log task
      command: echo {{ nolog_token }}
      no_log: true
      vars:
        nolog_token: ${NOLOG_SECRET}
    - name: a command that fails and prints the secret on stderr
      shell: "echo {{ vault_file_secret }} >&2; exit 3"
      ignore_errors: true
    - name: fail with the secret in the message
      fail:
        msg: "giving up with {{ vault_file_secret }}"
`;
}

describe('vaulted values and no_log are masked in every output of a run', function () {
  this.timeout(120_000);
  let dir: string;
  let passFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warren-masking-'));
    passFile = join(dir, 'vault_pass');
    await writeFile(passFile, `${PASSWORD}\n`, { mode: 0o600 });
    const encryptor = createVaultEncryptor(PASSWORD);
    await mkdir(join(dir, 'group_vars', 'all'), { recursive: true });
    const vars = `vault_file_secret: "${FILE_SECRET}"\nvault_tricky_secret: ${JSON.stringify(TRICKY_SECRET)}\n`;
    await writeFile(join(dir, 'group_vars', 'all', 'vault.yml'), encryptor.encrypt(vars));
    await writeFile(join(dir, 'hosts.yml'), 'all:\n  hosts:\n    h1:\n  vars:\n    ansible_connection: local\n');
    await writeFile(join(dir, 'site.yml'), playbookYaml(encryptor.encrypt(INLINE_SECRET)));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function runPlaybook(extra: string[]): { code: number | null; output: string } {
    const args = [
      join(ROOT, 'bin/run-playbook.js'),
      join(dir, 'site.yml'),
      '-i',
      join(dir, 'hosts.yml'),
      '-c',
      'local',
      '--vault-password-file',
      passFile,
      '-e',
      `workdir=${dir}`,
      ...extra,
    ];
    const res = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    return { code: res.status, output: `${res.stdout}\n${res.stderr}` };
  }

  for (const flags of [[], ['-vvv'], ['--diff'], ['--json'], ['--diff', '-v', '--json']]) {
    it(`leaks nothing with ${flags.length ? flags.join(' ') : 'no flags'}`, async () => {
      await rm(join(dir, 'secret.conf'), { force: true });
      const { code, output } = runPlaybook(flags);
      // The run really used the decrypted values: the file holds the secret, and the play failed where meant to.
      expect(await readFile(join(dir, 'secret.conf'), 'utf8'), output).to.equal(`password=${FILE_SECRET}\n`);
      expect(code, output).to.equal(2);
      expect(output).to.include(MASK);
      for (const leak of leakForms()) expect(output, `leaked ${JSON.stringify(leak)}`).not.to.include(leak);
    });
  }

  it('a wrong vault password stops before any task, naming the file and no secret', async () => {
    const wrong = join(dir, 'wrong_pass');
    await writeFile(wrong, 'not-the-password\n', { mode: 0o600 });
    await rm(join(dir, 'secret.conf'), { force: true });
    const args = [
      join(ROOT, 'bin/run-playbook.js'),
      join(dir, 'site.yml'),
      '-i',
      join(dir, 'hosts.yml'),
      '-c',
      'local',
      '--vault-password-file',
      wrong,
      '-e',
      `workdir=${dir}`,
    ];
    const res = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const output = `${res.stdout}\n${res.stderr}`;
    expect(res.status, output).to.equal(4);
    expect(output).to.include('wrong password or the file was modified');
    expect(output).to.match(/vault\.yml|site\.yml/);
    for (const leak of leakForms()) expect(output).not.to.include(leak);
    expect(await readFile(join(dir, 'secret.conf'), 'utf8').catch(() => 'absent')).to.equal('absent');
  });
});
