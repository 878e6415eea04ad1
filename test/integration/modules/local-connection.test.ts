import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnection } from '../../../src/connection/local.ts';

describe('LocalConnection', () => {
  const conn = new LocalConnection('localhost');
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'warren-local-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs sh -c with cwd, env and stdin, and returns the exit code', async () => {
    const r = await conn.exec('pwd; echo "$GREETING"; cat; echo oops >&2; exit 3', { cwd: dir, env: { GREETING: 'hi' }, stdin: 'from stdin\n' });
    expect(r.stdout).to.equal(`${dir}\nhi\nfrom stdin\n`);
    expect(r.stderr).to.equal('oops\n');
    expect(r.code).to.equal(3);
    expect(r.signal).to.equal(null);
    expect(r.durationMs).to.be.a('number');
  });

  it('kills a command (and its children) that exceeds its timeout', async () => {
    const started = Date.now();
    const r = await conn.exec('sleep 5 & sleep 5; wait', { timeoutMs: 300 });
    expect(r.signal).to.equal('SIGKILL');
    expect(Date.now() - started).to.be.below(3000);
  });

  it('puts exactly the given path with its mode, and gets it back', async () => {
    const path = join(dir, 'f.bin');
    const content = Buffer.from([0, 255, 10, 13]);
    await conn.put(content, path, { mode: '0600' });
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect((await conn.get(path)).equals(content)).to.equal(true);
    await conn.put('again', path, { mode: 0o640 });
    expect(statSync(path).mode & 0o777).to.equal(0o640);
    expect(readFileSync(path, 'utf8')).to.equal('again');
  });

  // The suite runs as root (CI installs packages), so become goes through runuser here.
  it('becomes another user (runuser when root, sudo otherwise)', async () => {
    const r = await conn.exec('id -un', { become: { user: 'nobody' } });
    expect(r.stdout.trim()).to.equal('nobody');
    const same = await conn.exec('id -un', { become: { user: 'root' } });
    expect(same.stdout.trim()).to.equal('root');
  });

  it('writes and reads as another user through exec', async () => {
    const shared = mkdtempSync(join('/tmp', 'warren-become-'));
    try {
      await conn.exec(`chmod 777 ${shared}`);
      const path = join(shared, 'owned');
      await conn.put(Buffer.from([1, 2, 3]), path, { mode: '0640', become: { user: 'nobody' } });
      const st = statSync(path);
      expect(st.mode & 0o777).to.equal(0o640);
      expect((await conn.exec(`stat -c %U ${path}`)).stdout.trim()).to.equal('nobody');
      expect([...(await conn.get(path, { become: { user: 'nobody' } }))]).to.deep.equal([1, 2, 3]);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
