// A vaulted secret never shows in any output mode (plain, -v, --json, --diff), verbatim or in base64
// at any alignment (slurp of a file, a Basic auth header), and a rotation's --diff does not print the
// old password from the before side.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

const VAULT_PW = 'masking-test-vault-pw';
const SECRET = 'N3w-Rabbit-Pa55w0rd';
const OLD = 'Old-Rabbit-Pa55w0rd';

/** Every way the secret could leak: verbatim, and the base64 of it behind 0..5 other bytes. */
function leaks(text: string, secret: string): string[] {
  const found: string[] = [];
  if (text.includes(secret)) found.push(secret);
  for (const prefix of ['', 'a', 'ab', 'abc', 'admin:', 'password=']) {
    const b64 = Buffer.from(prefix + secret).toString('base64');
    // the part of the encoding made only of the secret's own bytes, at its alignment
    const skip = Math.ceil((prefix.length * 4) / 3) + 1;
    const core = b64.slice(skip, skip + 12);
    if (text.includes(core)) found.push(`base64 after '${prefix}': ${core}`);
  }
  return found;
}

describe('reliability: masking covers derived forms in every output mode', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-mask-'));
    writeFileSync(join(dir, 'pass'), `${VAULT_PW}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'secrets.yml'), `rabbit_password: ${SECRET}\n`);
    const enc = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/warren.js'), 'vault', 'encrypt', join(dir, 'secrets.yml'), '--vault-password-file', join(dir, 'pass')],
      { encoding: 'utf8' },
    );
    expect(enc.status, enc.stderr).to.equal(0);
    writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
    writeFileSync(
      join(dir, 'play.yml'),
      `- hosts: all
  gather_facts: false
  vars_files: [secrets.yml]
  tasks:
    - name: rotate the password in the file
      copy:
        dest: ${dir}/rabbit.conf
        content: "user=admin\\npassword={{ rabbit_password }}\\nport=5672\\n"
    - name: slurp files holding the secret at each alignment
      slurp:
        src: ${dir}/rabbit.conf
      register: conf
    - debug: var=conf
    - name: the secret behind one and two other bytes
      copy:
        dest: ${dir}/shift-{{ item }}
        content: "{{ item }}{{ rabbit_password }}"
      loop: ["a", "ab", "abc"]
    - slurp:
        src: ${dir}/shift-{{ item }}
      loop: ["a", "ab", "abc"]
      register: shifted
    - debug: var=shifted
    - name: a Basic auth header
      shell: |
        printf 'Authorization: Basic %s\\n' "$(printf 'admin:%s' '{{ rabbit_password }}' | base64)"
      register: header
    - debug: var=header.stdout
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const mode of [[], ['-v'], ['-vvv'], ['--json'], ['--diff'], ['--diff', '-v'], ['--diff', '--json']]) {
    it(`run-playbook ${mode.join(' ') || '(plain)'}: neither the secret nor the old password, in no form`, () => {
      // the config file as the previous password left it: the rotation replaces it
      writeFileSync(join(dir, 'rabbit.conf'), `user=admin\npassword=${OLD}\nport=5672\n`);
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'bin/run-playbook.js'), join(dir, 'play.yml'), '-i', join(dir, 'inventory.ini'), '--vault-password-file', join(dir, 'pass'), ...mode],
        {
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      const out = r.stdout + r.stderr;
      expect(r.status, out).to.equal(0);
      expect(leaks(out, SECRET), out).to.deep.equal([]);
      expect(leaks(out, OLD), out).to.deep.equal([]);
      if (mode.includes('--diff') && !mode.includes('--json')) expect(out).to.match(/^\+password=\*{8}$/m);
    });
  }
});
