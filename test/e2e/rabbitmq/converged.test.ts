// End to end on lab hosts: what a converged site.yml run costs (Erlang VM starts per host, counted
// on the hosts themselves), and that the cheap probes still see every out-of-band change, in check
// mode and diff mode too. Needs root (the lab); converges the lab first (~2 min from fresh hosts).
import { expect } from 'chai';
import { dirname } from 'node:path';
import amqplib from 'amqplib';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { changedDiffLines, changedTasks, onHost, parseRecap, rabbitmqLab, readSecrets, runPlaybook, type LabAccess, whyFailed } from './helpers.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
// Every rabbitmqctl / rabbitmq-plugins / rabbitmq-diagnostics call goes through run_escript, which
// starts one Erlang VM; a line logged there counts one. The package file is restored afterwards.
const ENV_FILE = '/usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin/rabbitmq-env';
const COUNT_LOG = '/tmp/warren-erlang-vm-starts.log';
const COUNT_ON = `f=$(echo ${ENV_FILE}); cp "$f" "$f.warren-orig"; install -m 666 /dev/null ${COUNT_LOG}; sed -i 's|^    _rmq_env_set_erl_libs$|&; echo "$*" >> ${COUNT_LOG} \\|\\| true|' "$f"; grep -c ${COUNT_LOG} "$f"`;
const COUNT_OFF = `f=$(echo ${ENV_FILE}); mv "$f.warren-orig" "$f"; rm -f ${COUNT_LOG}`;
const USER_TASKS = ['rabbitmq : Create the administrator', 'rabbitmq : Create the application user'];
const PLUGIN_TASK = 'rabbitmq : Enable the management plugin';

describe('RabbitMQ content on a converged cluster: cost and drift', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let appPassword: string;
  const site = (...args: string[]) => runPlaybook(lab, passwordFile, 'playbooks/site.yml', ...args);
  const amqpLogin = (password: string) =>
    amqplib.connect(`amqp://app:${encodeURIComponent(password)}@${lab.hosts.lb1.address}:5672/`).then(
      (c) => c.close().then(() => 'ok'),
      (err: Error) => err.message,
    );

  before(async () => {
    lab = await rabbitmqLab(ALL);
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    passwordFile = vault.passwordFile;
    appPassword = (await readSecrets(vault.vaultFile, vault.passwordFile)).rabbitmq_app_password;
    const converged = await site();
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
  });

  it('a converged run changes nothing and starts no Erlang VM: the broker state is read through the management API (was 7 on the seed, 5 on the others, then 1)', async () => {
    for (const host of RMQ) expect((await onHost(lab, host, COUNT_ON)).stdout.trim(), host).to.equal('1');
    const counts: Record<string, string[]> = {};
    try {
      const started = Date.now();
      const result = await site();
      console.log(`      converged site.yml run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(result.code, whyFailed(result.output)).to.equal(0);
      for (const host of ALL) expect(parseRecap(result.output)[host].changed, host).to.equal(0);
      for (const host of RMQ) counts[host] = (await onHost(lab, host, `cat ${COUNT_LOG}`)).stdout.trim().split('\n').filter(Boolean);
    } finally {
      for (const host of RMQ) await onHost(lab, host, COUNT_OFF);
    }
    console.log(`      Erlang VM starts: ${RMQ.map((h) => `${h} ${counts[h].length}`).join(', ')}`);
    for (const host of RMQ) expect(counts[host], host).to.deep.equal([]);
  });

  it('out-of-band changes are still seen: --check --diff reports them and changes nothing; the run repairs them', async () => {
    await onHost(
      lab,
      'rmq2',
      "rabbitmqctl -q change_password app not-the-vault-password && rabbitmqctl -q set_permissions -p / admin '^$' '.*' '.*' && rabbitmqctl -q set_user_tags admin monitoring",
    );
    await onHost(lab, 'rmq3', 'rabbitmq-plugins -q disable rabbitmq_management');
    expect(await amqpLogin(appPassword)).to.match(/ACCESS_REFUSED|403/);

    const checked = await site('--check', '--diff');
    expect(checked.code, whyFailed(checked.output)).to.equal(0);
    expect(changedTasks(checked.output)).to.deep.equal([PLUGIN_TASK, ...USER_TASKS]);
    expect(changedDiffLines(checked.output)).to.deep.equal([
      '-enabled_plugins: ["rabbitmq_prometheus"]',
      '+enabled_plugins: ["rabbitmq_management","rabbitmq_prometheus"]',
    ]);
    const recap = parseRecap(checked.output);
    expect([recap.rmq1.changed, recap.rmq2.changed, recap.rmq3.changed, recap.lb1.changed]).to.deep.equal([2, 2, 3, 0]);
    expect((await onHost(lab, 'rmq3', 'cat /etc/rabbitmq/enabled_plugins')).stdout.trim()).to.equal('[rabbitmq_prometheus].');
    expect((await onHost(lab, 'rmq1', 'rabbitmqctl -q list_user_permissions admin')).stdout).to.contain('^$');
    expect(await amqpLogin(appPassword)).to.match(/ACCESS_REFUSED|403/);

    const repaired = await site('--diff');
    expect(repaired.code, whyFailed(repaired.output)).to.equal(0);
    expect(changedTasks(repaired.output)).to.deep.equal([PLUGIN_TASK, ...USER_TASKS]);
    expect((await onHost(lab, 'rmq3', 'rabbitmq-plugins -q list -E')).stdout).to.match(/\[E\*\] rabbitmq_management/);
    expect((await onHost(lab, 'rmq1', 'rabbitmqctl -q --formatter json list_user_permissions admin')).stdout).to.contain('"configure":".*"');
    expect((await onHost(lab, 'rmq1', 'rabbitmqctl -q list_users')).stdout).to.match(/^admin\s+\[administrator\]$/m);
    expect(await amqpLogin(appPassword)).to.equal('ok');

    const again = await site();
    expect(again.code, whyFailed(again.output)).to.equal(0);
    for (const host of ALL) expect(parseRecap(again.output)[host].changed, host).to.equal(0);
  });
});
