import { expect } from 'chai';
import { BecomeError } from '../../../src/connection/become.ts';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { createTestUser, startTrustedSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';

// Commands without stdin or sudo share persistent shells: each must still look like a fresh
// `sh -c` (own cwd, variables, options, exit status, separate stdout and stderr).
describe('persistent shell sessions against a real sshd', function () {
  this.timeout(60_000);
  let sshd: SshdInstance;
  let conn: SshConnection;
  let login: TestUser;
  let withpw: TestUser;

  before(async () => {
    sshd = await startTrustedSshd();
    login = await createTestUser('wrnshell', 'nopasswd');
    withpw = await createTestUser('wrnshpw', 'password');
    conn = new SshConnection('target', sshd.settings({ user: login.name }));
    await conn.connect();
  });
  after(async () => {
    await conn?.close();
    await sshd?.stop();
    await login?.remove();
    await withpw?.remove();
  });

  it('keeps stdout, stderr and the exit status of each command apart', async () => {
    const r = await conn.exec('echo out; echo err >&2; printf tail; exit 7');
    expect(r).to.include({ code: 7, stdout: 'out\ntail', stderr: 'err\n', signal: null });
    const next = await conn.exec('printf "no newline"');
    expect(next).to.include({ code: 0, stdout: 'no newline', stderr: '' });
  });

  it('starts every command from the first state of the shell: cd, variables, set and exit do not leak', async () => {
    const home = (await conn.exec('pwd')).stdout;
    await conn.exec('cd /tmp; LEAK=1; export EXPORTED=1; set -e; umask 077; trap "echo trapped" EXIT; exit 0');
    const r = await conn.exec('pwd; echo "[${LEAK:-}][${EXPORTED:-}]"; umask; false; echo still-running');
    expect(r.stdout).to.equal(`${home}[][]\n0022\nstill-running\n`);
  });

  it('survives a syntax error, a command reading stdin, and an attempt to exit the shell', async () => {
    expect((await conn.exec('if then fi')).code).to.equal(2);
    expect(await conn.exec('cat; echo done')).to.include({ code: 0, stdout: 'done\n' });
    expect((await conn.exec('exit 4')).code).to.equal(4);
    expect(await conn.exec('echo alive')).to.include({ code: 0, stdout: 'alive\n' });
  });

  it('passes output that looks like a marker, binary-safe text and 2 MB of output intact', async () => {
    const fake = await conn.exec(`printf '\\n__WARREN_%s_1__ 0\\n' 0123456789abcdef01234567; echo after`);
    expect(fake.stdout).to.equal('\n__WARREN_0123456789abcdef01234567_1__ 0\nafter\n');
    const big = await conn.exec('head -c 2097152 /dev/zero | tr "\\0" x; echo; head -c 300000 /dev/zero | tr "\\0" e >&2');
    expect(big.stdout.length).to.equal(2097153);
    expect(big.stdout.slice(0, 10)).to.equal('xxxxxxxxxx');
    expect(big.stderr.length).to.equal(300000);
    const utf8 = await conn.exec("printf 'h\\303\\251 \\342\\234\\223\\n'");
    expect(utf8.stdout).to.equal('hé ✓\n');
  });

  it('applies cwd and env per command, and stdin commands still get their input', async () => {
    const r = await conn.exec('pwd; echo "$GREETING"', { cwd: '/tmp', env: { GREETING: "it's" } });
    expect(r.stdout).to.equal("/tmp\nit's\n");
    expect((await conn.exec('cat', { stdin: 'piped\n' })).stdout).to.equal('piped\n');
  });

  it('kills a command past its timeout and runs the next one normally', async () => {
    const slow = await conn.exec('sleep 5; echo late', { timeoutMs: 300 });
    expect(slow.code).to.equal(null);
    expect(slow.signal).to.equal('SIGKILL');
    expect(slow.stdout).to.equal('');
    expect(await conn.exec('echo next')).to.include({ code: 0, stdout: 'next\n' });
  });

  it('fails the one command whose shell dies, then opens a new shell', async () => {
    // $$ in a subshell is the persistent shell's own pid
    const failure = await conn.exec('kill -9 $$; sleep 1').then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure?.message).to.match(/remote shell ended while a command was running/);
    expect(await conn.exec('echo fresh')).to.include({ code: 0, stdout: 'fresh\n' });
  });

  it('runs 30 commands at once on one connection, each with its own result', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => conn.exec(`sleep 0.0${i % 5}; echo ${i}; exit ${i % 4}`)));
    expect(results.map((r) => r.stdout)).to.deep.equal(Array.from({ length: 30 }, (_, i) => `${i}\n`));
    expect(results.map((r) => r.code)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i % 4));
  });

  it('leaves channels for stdin commands while shells of two users are all busy', async () => {
    const busy = (become?: { user: string }) => Array.from({ length: 12 }, (_, i) => conn.exec(`sleep 0.2; echo ${i}`, become ? { become } : {}));
    const [login, root, piped] = await Promise.all([Promise.all(busy()), Promise.all(busy({ user: 'root' })), conn.exec('cat', { stdin: 'still served\n' })]);
    expect(login.map((r) => r.stdout)).to.deep.equal(Array.from({ length: 12 }, (_, i) => `${i}\n`));
    expect(root.map((r) => r.code)).to.deep.equal(Array(12).fill(0));
    expect(piped.stdout).to.equal('still served\n');
  });

  it('can be turned off per host (warren_persistent_shell: false) with the same results', async () => {
    const own = new SshConnection('target-off', sshd.settings({ user: login.name, persistentShell: false }));
    try {
      const r = await own.exec('echo out; echo err >&2; exit 7');
      expect(r).to.include({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    } finally {
      await own.close();
    }
  });

  it('keeps a root shell per become password, and a wrong password never rides on it', async () => {
    const conn = new SshConnection('target-pw', sshd.settings({ user: withpw.name }));
    try {
      const become = { user: 'root', password: withpw.password };
      const first = await conn.exec('id -un; echo "$HOME"', { become, env: { X: '1' } });
      expect(first).to.include({ code: 0, stdout: 'root\n/root\n' });
      expect(first.stderr).to.not.include(withpw.password);
      expect((await conn.exec('id -un; exit 5', { become })).code).to.equal(5);
      expect((await conn.exec('id -un')).stdout).to.equal(`${withpw.name}\n`);
      const wrong = await conn.exec('id -un', { become: { user: 'root', password: 'not-it' } }).catch((e: Error) => e);
      expect(wrong).to.be.instanceOf(BecomeError);
      expect((await conn.exec('cat', { become, stdin: 'through a channel\n' })).stdout).to.equal('through a channel\n');
    } finally {
      await conn.close();
    }
  });
});
