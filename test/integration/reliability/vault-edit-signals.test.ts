// `warren vault edit` interrupted by SIGINT, SIGTERM or SIGHUP while the editor is open: the
// plaintext temp directory is gone, the vault file is unchanged, and warren exits 128+n.
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

const PASSWORD = 'edit-signal-pw';

describe('reliability: vault edit leaves no plaintext when interrupted', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-vault-sig-'));
    writeFileSync(join(dir, 'pass'), `${PASSWORD}\n`, { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ] as const) {
    it(`${signal}: the temp directory is removed and the vault is unchanged`, async () => {
      const vault = join(dir, `${signal}.yml`);
      writeFileSync(vault, 'secret: plaintext-value-42\n');
      const enc = spawnSync(process.execPath, [join(ROOT, 'bin/warren.js'), 'vault', 'encrypt', vault, '--vault-password-file', join(dir, 'pass')], {
        encoding: 'utf8',
        env: { ...process.env, ANSIBLE_CONFIG: '/dev/null' },
      });
      expect(enc.status, enc.stderr).to.equal(0);
      const before = readFileSync(vault, 'utf8');
      const where = join(dir, `${signal}.where`);
      // the "editor" says where the plaintext is, then waits like a user would
      const editor = `sh -c 'printf %s "$0" > ${where}; sleep 60'`;
      const child = spawn(process.execPath, [join(ROOT, 'bin/warren.js'), 'vault', 'edit', vault, '--vault-password-file', join(dir, 'pass')], {
        env: { ...process.env, EDITOR: editor, ANSIBLE_CONFIG: '/dev/null' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      while (!existsSync(where) || readFileSync(where, 'utf8') === '') await new Promise((r) => setTimeout(r, 100));
      const plainFile = readFileSync(where, 'utf8');
      expect(readFileSync(plainFile, 'utf8')).to.include('plaintext-value-42');
      child.kill(signal);
      expect(await exited, stderr).to.equal(128 + number);
      expect(existsSync(dirname(plainFile)), 'plaintext directory left behind').to.equal(false);
      expect(readFileSync(vault, 'utf8')).to.equal(before);
      expect(stderr).to.include('nothing was changed');
    });
  }
});
