// copy of directories and of vaulted files over a real loopback sshd. The trees expected here
// are the ones ansible-playbook 2.14.18 left on this machine for the same play (compared side by
// side on 2026-12-02): `src/` copies the contents, `src` the directory itself; directory_mode
// goes on every directory the copy makes; mode: preserve keeps the sources' modes; local_follow:
// false keeps links; remote_src copies keep host directories' modes. A file ansible-vault
// encrypted is decrypted by default and copied as ciphertext with decrypt: false.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inventoryConnection, startTrustedSshd, type SshdInstance } from '../../support/sshd.ts';
import { ROOT } from './helpers.ts';

const VAULT_FIXTURES = join(ROOT, 'test/fixtures/vault-ansible');

const play = `- hosts: all
  gather_facts: false
  vars: { o: "{{ base }}/out" }
  tasks:
    - copy: { src: tree, dest: "{{ o }}/1", directory_mode: '0750' }
      register: whole
    - copy: { src: tree/, dest: "{{ o }}/2", mode: preserve }
      register: inside
    - copy: { src: tree/, dest: "{{ o }}/2", mode: preserve }
      register: inside_again
    - copy: { src: tree/, dest: "{{ o }}/3", local_follow: false }
    - copy: { src: "{{ o }}/1/tree", dest: "{{ o }}/4", remote_src: true }
      register: remote
    - copy: { src: "{{ o }}/1/tree", dest: "{{ o }}/4", remote_src: true }
      register: remote_again
    - copy: { src: block.vault, dest: "{{ o }}/plain" }
    - copy: { src: block.vault, dest: "{{ o }}/cipher", decrypt: false }
    - assert:
        that:
          - "whole is changed and whole.dest == o + '/1/' and whole.src is match('.*/files/tree$')"
          - "inside is changed and inside_again is not changed"
          - "remote is changed and remote_again is not changed and remote.dest == o + '/4' and remote.state == 'directory'"
          - "remote.checksum is none and remote.md5sum is none"
`;

/** mode, kind and link target of every path below dir, as `find -printf '%M %p %l'` would list them. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = lstatSync(full);
      const kind = st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : 'f';
      out.push(`${kind} ${(st.mode & 0o7777).toString(8)} ${rel}${name}${kind === 'l' ? ` -> ${readlinkSync(full)}` : ''}`);
      if (kind === 'd') walk(full, `${rel}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

describe('copy: directories and vaulted files (loopback sshd)', function () {
  this.timeout(180_000);
  let sshd: SshdInstance;
  let dir: string;
  let inventory: string;

  before(async () => {
    sshd = await startTrustedSshd();
    dir = mkdtempSync(join(tmpdir(), 'warren-copy-tree-'));
    mkdirSync(join(dir, 'files/tree/sub'), { recursive: true });
    writeFileSync(join(dir, 'files/tree/a'), 'a\n');
    writeFileSync(join(dir, 'files/tree/sub/b'), 'b\n');
    chmodSync(join(dir, 'files/tree/sub/b'), 0o600);
    symlinkSync('a', join(dir, 'files/tree/la'));
    copyFileSync(join(VAULT_FIXTURES, 'block.vault'), join(dir, 'files/block.vault'));
    writeFileSync(join(dir, 'site.yml'), play);
    const conn = inventoryConnection(sshd);
    inventory = join(dir, 'hosts.yml');
    writeFileSync(inventory, `all:\n  hosts:\n    h1: { ${conn}, base: ${dir}/h1 }\n`);
    mkdirSync(join(dir, 'h1/out'), { recursive: true });
  });

  after(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function run(args: string[] = []) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), join(dir, 'site.yml'), '-i', inventory, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it('lays the trees out as ansible-playbook does and decrypts vaulted sources by default', () => {
    const r = run(['--diff', '--vault-password-file', join(VAULT_FIXTURES, 'default.pass')]);
    expect(r.code, r.out).to.equal(0);
    // the decrypted secret never reaches the diff; the plain tree files do
    expect(r.out).to.include('+(new content not shown: the source is vault-encrypted)').and.to.include('+b\n');
    expect(r.out).to.not.include('0123456789abcdef');
    expect(listing(join(dir, 'h1/out'))).to.deep.equal([
      'd 750 1',
      'd 750 1/tree',
      'f 644 1/tree/a',
      'f 644 1/tree/la',
      'd 750 1/tree/sub',
      'f 644 1/tree/sub/b',
      'd 755 2',
      'f 644 2/a',
      'f 644 2/la',
      'd 755 2/sub',
      'f 600 2/sub/b',
      'd 755 3',
      'f 644 3/a',
      'l 777 3/la -> a',
      'd 755 3/sub',
      'f 644 3/sub/b',
      'd 755 4',
      'd 755 4/tree',
      'f 644 4/tree/a',
      'f 644 4/tree/la',
      'd 750 4/tree/sub',
      'f 644 4/tree/sub/b',
      'f 644 cipher',
      'f 644 plain',
    ]);
    expect(readFileSync(join(dir, 'h1/out/plain'), 'utf8')).to.equal('0123456789abcdef');
    expect(readFileSync(join(dir, 'h1/out/cipher'), 'utf8')).to.equal(readFileSync(join(VAULT_FIXTURES, 'block.vault'), 'utf8'));
    expect(readFileSync(join(dir, 'h1/out/4/tree/sub/b'), 'utf8')).to.equal('b\n');
  });

  it('says a vaulted source needs a password, before changing anything', () => {
    rmSync(join(dir, 'h1/out/plain'));
    const r = run(['--diff']);
    expect(r.code).to.equal(2);
    expect(r.out).to.include('is vault-encrypted and no vault password was given');
    expect(() => lstatSync(join(dir, 'h1/out/plain'))).to.throw();
  });
});
