// Benchmark, not a test: over one ssh2 connection to a loopback sshd, the per-task cost of a
// converged no-op task next to the raw round trip of `true`, and fact gathering time per host.
// Run as root: npx tsx bench/ssh.ts [iterations]
import { rm } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { SshConnection } from '../src/connection/ssh.ts';
import { connectionShell, gatherFacts } from '../src/facts/gather.ts';
import { executeModule } from '../src/modules/execute.ts';
import { findModule } from '../src/modules/registry.ts';
import { makeContext } from '../test/support/module-context.ts';
import { createTestUser, knownHostsLine, startSshd } from '../test/support/sshd.ts';

const iterations = Number(process.argv[2] ?? 100);

async function timeEach(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const median = (t: number[]) => t[Math.floor(t.length / 2)];
const mean = (t: number[]) => t.reduce((a, b) => a + b, 0) / t.length;
const row = (label: string, t: number[]) =>
  console.log(`${label.padEnd(44)} median ${median(t).toFixed(2).padStart(7)} ms   mean ${mean(t).toFixed(2).padStart(7)} ms   (n=${t.length})`);

const sshd = await startSshd();
// A login user with /bin/sh: a developer's root ~/.bashrc (pyenv, nvm...) would be measured otherwise.
const user = await createTestUser('wrnbench', 'nopasswd');
const dir = `/tmp/warren-bench-${process.pid}`;
try {
  await writeFile(sshd.knownHostsFile, `${knownHostsLine(sshd)}\n`);
  const conn = new SshConnection('bench', sshd.settings({ user: user.name }));
  const channels = new SshConnection('bench-channels', sshd.settings({ user: user.name, persistentShell: false }));
  await channels.connect();
  const connectStart = Date.now();
  await conn.connect();
  console.log(`connect (handshake, host key check, auth)       ${Date.now() - connectStart} ms`);
  await conn.exec('true');
  const file = findModule('file')!;
  const ctx = makeContext({ conn, host: 'bench' });
  const first = await executeModule(file, ctx, { path: dir, state: 'directory' }, { check: false });
  if (first.failed) throw new Error(String(first.msg));

  const raw = await timeEach(iterations, () => conn.exec('true'));
  const rawChannel = await timeEach(iterations, () => channels.exec('true'));
  const noop = await timeEach(iterations, async () => {
    const r = await executeModule(file, ctx, { path: dir, state: 'directory' }, { check: false });
    if (r.changed || r.failed) throw new Error('the no-op task changed or failed');
  });
  const becomeRaw = await timeEach(iterations, () => conn.exec('true', { become: { user: 'root' } }));
  const facts = await timeEach(Math.max(5, Math.floor(iterations / 10)), () => gatherFacts(connectionShell(conn)));
  const parallelStart = Date.now();
  await Promise.all(Array.from({ length: iterations }, () => conn.exec('true')));
  const parallelMs = Date.now() - parallelStart;

  console.log('');
  row('raw round trip: `true`, persistent shell', raw);
  row('raw round trip: `true`, a channel each', rawChannel);
  row('no-op task: file path=... state=directory', noop);
  row('raw round trip with become (sudo)', becomeRaw);
  row('fact gathering (one round trip)', facts);
  console.log(
    `${`${`parallel: exec \`true\` x${iterations} (8 channels)`}`.padEnd(44)} total  ${parallelMs} ms   (${(parallelMs / iterations).toFixed(2)} ms per command)`,
  );
  console.log(`\nno-op task / \`true\` on its own channel: ${(median(noop) / median(rawChannel)).toFixed(2)}x (aim: within 2x)`);
  console.log(`no-op task / \`true\` through the shell: ${(median(noop) / median(raw)).toFixed(2)}x`);
  await conn.close();
  await channels.close();
} finally {
  await rm(dir, { recursive: true, force: true });
  await user.remove();
  await sshd.stop();
}
