// warren's secret environment variables never reach a child process: a task's `env` dump (also as
// become_user nobody) and the `vault edit` editor see neither the password nor the file variable.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

const PASSWORD = 'vault-pw-7d1e2a9b';

function warren(bin: 'warren' | 'run-playbook', args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(ROOT, `bin/${bin}.js`), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('reliability: no warren secret variable reaches a child process', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-secret-env-'));
    chmodSync(dir, 0o777); // nobody writes its env dump here
    writeFileSync(join(dir, 'pass'), `${PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'secrets.yml'), 'db_password: hunter2-db\n');
    const enc = warren('warren', ['vault', 'encrypt', join(dir, 'secrets.yml')], { WARREN_VAULT_PASSWORD: PASSWORD });
    expect(enc.code, enc.out).to.equal(0);
    writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
    writeFileSync(
      join(dir, 'play.yml'),
      `- hosts: all
  gather_facts: false
  vars_files: [secrets.yml]
  tasks:
    - shell: env > ${dir}/env-root.txt
    - shell: env > ${dir}/env-nobody.txt
      become: true
      become_user: nobody
    - shell: env
      register: dumped
    - debug: var=dumped.stdout
    - name: the vault was opened with the password
      command: test "{{ db_password }}" = hunter2-db
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [variable, value] of [
    ['WARREN_VAULT_PASSWORD', PASSWORD],
    ['WARREN_VAULT_PASSWORD_FILE', 'FILE'],
  ] as const) {
    it(`${variable}: tasks (also as become_user nobody) do not see it`, () => {
      const env: Record<string, string> = variable === 'WARREN_VAULT_PASSWORD' ? { [variable]: value } : { [variable]: join(dir, 'pass') };
      const r = warren('run-playbook', [join(dir, 'play.yml'), '-i', join(dir, 'inventory.ini'), '-v'], env);
      expect(r.code, r.out.slice(-3000)).to.equal(0);
      for (const file of ['env-root.txt', 'env-nobody.txt']) {
        const dump = readFileSync(join(dir, file), 'utf8');
        expect(dump, file).to.include('PATH=');
        expect(dump, file).not.to.include('WARREN_VAULT');
        expect(dump, file).not.to.include(PASSWORD);
      }
      expect(readFileSync(join(dir, 'env-nobody.txt'), 'utf8')).to.match(/^USER=nobody$|^LOGNAME=nobody$/m);
      expect(r.out).not.to.include('WARREN_VAULT');
      expect(r.out).not.to.include(PASSWORD);
    });
  }

  it('the vault edit editor does not see the password variable', () => {
    const dump = join(dir, 'env-editor.txt');
    const r = warren('warren', ['vault', 'edit', join(dir, 'secrets.yml')], { WARREN_VAULT_PASSWORD: PASSWORD, EDITOR: `env > ${dump}; true` });
    expect(r.code, r.out).to.equal(0);
    const seen = readFileSync(dump, 'utf8');
    expect(seen).to.include('PATH=');
    expect(seen).not.to.include('WARREN_VAULT');
    expect(seen).not.to.include(PASSWORD);
  });
});
