// End to end on lab hosts: a new Erlang cookie in the vault reaches a running cluster without
// an outage. Each node switches to it live, then the rolling restart restarts one node at a
// time behind its gates; at least two nodes serve AMQP at every moment. Needs root (the lab).
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { createVaultEncryptor, decryptText } from '../../../src/vault/format.ts';
import { readPasswordFile } from '../../../src/vault/password.ts';
import { randomErlangCookie, ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { writeFileAtomic } from '../../../src/vault/files.ts';
import { changedTasks, onHost, parseRecap, rabbitmqLab, runPlaybook, type LabAccess, whyFailed } from './helpers.ts';
import { watchNodes } from './node-watch.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Erlang cookie rotation on a running cluster: live switch, then a gated rolling restart', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let vaultFile: string;
  const site = (...args: string[]) => runPlaybook(lab, passwordFile, 'playbooks/site.yml', ...args);
  const mainPids = () => Promise.all(RMQ.map(async (h) => (await onHost(lab, h, 'systemctl show -p MainPID --value rabbitmq-server')).stdout.trim()));

  before(async () => {
    lab = await rabbitmqLab(ALL);
    ({ vaultFile, passwordFile } = await ensureLabSecrets(dirname(lab.inventoryPath)));
    const converged = await site();
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
  });

  it('a new cookie in the vault: every node gets it, restarted one at a time, never fewer than two serving', async () => {
    const password = await readPasswordFile(passwordFile);
    const plaintext = decryptText(await readFile(vaultFile, 'utf8'), password);
    const cookie = randomErlangCookie();
    const rotated = plaintext.replace(/^rabbitmq_erlang_cookie: .*$/m, `rabbitmq_erlang_cookie: "${cookie}"`);
    expect((parse(rotated) as Record<string, string>).rabbitmq_erlang_cookie).to.equal(cookie);
    await writeFileAtomic(vaultFile, createVaultEncryptor(password).encrypt(rotated), 0o600);

    const pidsBefore = await mainPids();
    const watch = watchNodes(
      RMQ.map((h) => lab.hosts[h].address),
      5672,
    );
    const result = await site();
    const { samples, fewestUp } = watch.stop();
    expect(result.code, result.output.slice(-4000)).to.equal(0);
    expect(result.output).not.to.include(cookie);
    console.log(`      cookie rotation: ${samples} samples, fewest nodes serving ${fewestUp}`);
    expect(samples).to.be.above(10);
    expect(fewestUp).to.be.at.least(2);
    // Each node was restarted (new main PID), by the rolling restart and not by cookie-sync.
    const pidsAfter = await mainPids();
    for (let i = 0; i < RMQ.length; i++) expect(pidsAfter[i], RMQ[i]).not.to.equal(pidsBefore[i]);
    const changed = changedTasks(result.output);
    expect(changed).not.to.include('cookie-sync : Stop rabbitmq-server before its cookie changes');
    expect(changed).to.include.members([
      'cookie-sync : Tell the running node its new cookie (read from the staged file)',
      'rabbitmq : Restart rabbitmq-server',
    ]);
    // serial: 1, one batch per node: the restart task runs three times, once for each node
    expect(result.output.match(/^TASK \[rabbitmq : Restart rabbitmq-server\]/gm)?.length).to.equal(3);
    for (const host of RMQ) {
      const file = await onHost(lab, host, 'sha256sum < /var/lib/rabbitmq/.erlang.cookie; stat -c "%a %U" /var/lib/rabbitmq/.erlang.cookie');
      expect(file.stdout.split('\n')[0]!.split(' ')[0], host).to.equal(sha256(cookie));
      expect(file.stdout.split('\n')[1], host).to.equal('400 rabbitmq');
      expect((await onHost(lab, host, 'rabbitmqctl -q eval "length(rabbit_nodes:all_running())."')).stdout.trim(), host).to.equal('3');
    }
    const again = await site();
    expect(again.code, whyFailed(again.output)).to.equal(0);
    for (const host of ALL) expect(parseRecap(again.output)[host].changed, host).to.equal(0);
  });
});
