// End to end on lab hosts: the broker's state read through the management API (curl on the host)
// gives every rabbitmq module the same plan as the one `rabbitmqctl eval` does, starts no Erlang
// VM, and never shows the admin password to another process: argv and environment of every
// process on the host and on the controller are sampled while the probes run.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { executeModule } from '../../../src/modules/execute.ts';
import type { ModuleDefinition, ModuleResult } from '../../../src/modules/module.ts';
import { rabbitmqClusterFacts } from '../../../src/modules/rabbitmq/rabbitmq-cluster-facts.ts';
import { rabbitmqClusterName } from '../../../src/modules/rabbitmq/rabbitmq-cluster-name.ts';
import { rabbitmqPolicy } from '../../../src/modules/rabbitmq/rabbitmq-policy.ts';
import { rabbitmqUser } from '../../../src/modules/rabbitmq/rabbitmq-user.ts';
import { rabbitmqVhost } from '../../../src/modules/rabbitmq/rabbitmq-vhost.ts';
import { RunProbeCache } from '../../../src/run/probe-cache.ts';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { makeContext } from '../../support/module-context.ts';
import { onHost, rabbitmqLab, readSecrets, runPlaybook, type LabAccess, whyFailed } from './helpers.ts';
import { processStrings } from '../../support/process-strings.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ENV_FILE = '/usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin/rabbitmq-env';
const COUNT_LOG = '/tmp/warren-erlang-vm-starts.log';
const COUNT_ON = `f=$(echo ${ENV_FILE}); cp "$f" "$f.warren-orig"; install -m 666 /dev/null ${COUNT_LOG}; sed -i 's|^    _rmq_env_set_erl_libs$|&; echo "$*" >> ${COUNT_LOG} \\|\\| true|' "$f"; grep -c ${COUNT_LOG} "$f"`;
const COUNT_OFF = `f=$(echo ${ENV_FILE}); mv "$f.warren-orig" "$f"; rm -f ${COUNT_LOG}`;
const SNAPSHOT = '/tmp/warren-proc-snapshot.txt';
// Every process's argv and environment, over and over for a few seconds, as root sees them.
const WATCH_PID = '/tmp/warren-proc-watch.pid';
const WATCH = `nohup sh -c 'timeout 12 sh -c "while :; do cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null; echo; done" | tr "\\\\000" "\\\\n" | sort -u > ${SNAPSHOT}' >/dev/null 2>&1 & echo $! > ${WATCH_PID}`;
const WATCH_DONE = `while kill -0 $(cat ${WATCH_PID}) 2>/dev/null; do sleep 0.3; done; cat ${SNAPSHOT}; rm -f ${SNAPSHOT} ${WATCH_PID}`;

describe('RabbitMQ broker state through the management API', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let secrets: Record<string, string>;
  const conns: SshConnection[] = [];

  before(async () => {
    lab = await rabbitmqLab([...RMQ, 'lb1']);
    const vault = await ensureLabSecrets(dirname(lab.inventoryPath));
    secrets = await readSecrets(vault.vaultFile, vault.passwordFile);
    const converged = await runPlaybook(lab, vault.passwordFile, 'playbooks/site.yml');
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
  });
  after(async () => {
    for (const c of conns) await c.close();
  });

  const connect = (host: string) => {
    const conn = new SshConnection(host, {
      address: lab.hosts[host].address,
      port: 22,
      user: 'root',
      privateKeyFiles: [lab.keyFile],
      connectTimeoutMs: 10000,
      keepaliveIntervalMs: 5000,
      keepaliveCountMax: 3,
      hostKeyPolicy: 'strict',
      knownHostsFiles: [lab.knownHostsFile],
      maxChannels: 8,
      persistentShell: true,
    });
    conns.push(conn);
    return conn;
  };

  /** The site's rabbitmq tasks on one host (check mode, diff): each module's whole result. */
  async function planAll(conn: SshConnection, host: string, login: Record<string, unknown>): Promise<Record<string, ModuleResult>> {
    const tasks: Array<[string, ModuleDefinition, Record<string, unknown>]> = [
      ['vhost', rabbitmqVhost, { name: '/' }],
      ['vhost-new', rabbitmqVhost, { name: 'not-there' }],
      [
        'admin',
        rabbitmqUser,
        {
          user: 'admin',
          password: secrets.rabbitmq_admin_password,
          tags: ['administrator'],
          vhost: '/',
          configure_priv: '.*',
          write_priv: '.*',
          read_priv: '.*',
          update_password: 'always',
        },
      ],
      [
        'app',
        rabbitmqUser,
        {
          user: 'app',
          password: secrets.rabbitmq_app_password,
          tags: [],
          vhost: '/',
          configure_priv: '.*',
          write_priv: '.*',
          read_priv: '.*',
          update_password: 'always',
        },
      ],
      [
        'app-wrong',
        rabbitmqUser,
        { user: 'app', password: 'not the password', tags: ['monitoring'], vhost: '/', configure_priv: '^$', update_password: 'always' },
      ],
      ['guest', rabbitmqUser, { user: 'guest', state: 'absent' }],
      ['facts', rabbitmqClusterFacts, {}],
      ['name', rabbitmqClusterName, { name: 'warren_lab' }],
      ['policy', rabbitmqPolicy, { name: 'ha-all', pattern: '^', tags: { 'ha-mode': 'all', 'ha-sync-mode': 'automatic' } }],
      ['policy-absent', rabbitmqPolicy, { name: 'no-such-policy', state: 'absent' }],
    ];
    const cache = new RunProbeCache();
    const results: Record<string, ModuleResult> = {};
    for (const [key, def, args] of tasks) {
      const ctx = { ...makeContext({ conn, host, diff: true, check: true }), probeCache: cache.scoped(host, '') };
      results[key] = await executeModule(def, ctx, { ...args, ...login }, { check: true });
    }
    return results;
  }

  it('gives every module the same plan as the eval, starting no Erlang VM (the eval path starts one)', async () => {
    const login = { login_user: 'admin', login_password: secrets.rabbitmq_admin_password };
    for (const host of RMQ) {
      const conn = connect(host);
      expect((await onHost(lab, host, COUNT_ON)).stdout.trim(), host).to.equal('1');
      let viaApi: Record<string, ModuleResult>;
      let viaEval: Record<string, ModuleResult>;
      const vms: string[][] = [];
      try {
        viaApi = await planAll(conn, host, login);
        vms.push((await onHost(lab, host, `cat ${COUNT_LOG}`)).stdout.split('\n').filter(Boolean));
        viaEval = await planAll(conn, host, {});
        vms.push((await onHost(lab, host, `cat ${COUNT_LOG}`)).stdout.split('\n').filter(Boolean));
      } finally {
        await onHost(lab, host, COUNT_OFF);
      }
      expect(vms[0], `${host}: VMs via the API`).to.deep.equal([]);
      expect(vms[1], `${host}: VMs via the eval`).to.have.length(1);
      // The API has no Erlang version for the other nodes: compare those apart.
      const apiFacts = (viaApi.facts as unknown as Record<string, unknown>).rabbitmq_cluster as { versions: Record<string, Record<string, string>> };
      const evalFacts = (viaEval.facts as unknown as Record<string, unknown>).rabbitmq_cluster as { versions: Record<string, Record<string, string>> };
      expect(Object.keys(apiFacts.versions).sort(), host).to.deep.equal(Object.keys(evalFacts.versions).sort());
      for (const [node, v] of Object.entries(evalFacts.versions)) {
        const { erlang_version: erlang, ...rest } = v;
        const api = apiFacts.versions[node];
        expect({ ...api, erlang_version: undefined }, `${host} ${node}`).to.deep.equal({ ...rest, erlang_version: undefined });
        if (node === `rabbit@${host}`) expect(api.erlang_version, `${host} ${node}`).to.equal(erlang);
        v.erlang_version = api.erlang_version as string;
      }
      for (const side of [viaApi, viaEval]) {
        const facts = (side.facts as unknown as Record<string, unknown>).rabbitmq_cluster as { versions: unknown };
        facts.versions = apiFacts.versions;
        ((side.facts as unknown as Record<string, unknown>).ansible_facts as { rabbitmq_cluster: unknown }).rabbitmq_cluster = facts;
      }
      expect(viaApi, host).to.deep.equal(viaEval);
      expect(viaApi['app-wrong'].changed, host).to.equal(true);
      expect(viaApi.admin.changed, host).to.equal(false);
    }
  });

  it('a wrong login falls back to the eval with the same plans', async () => {
    const conn = connect('rmq2');
    const wrong = await planAll(conn, 'rmq2', { login_user: 'admin', login_password: 'wrong' });
    const right = await planAll(conn, 'rmq2', { login_user: 'admin', login_password: secrets.rabbitmq_admin_password });
    expect(wrong.admin).to.deep.equal(right.admin);
    expect(wrong.policy).to.deep.equal(right.policy);
    expect(wrong.name).to.deep.equal(right.name);
  });

  it('the admin password is in no argv and no environment, on the host or the controller, while the probes run', async () => {
    const password = secrets.rabbitmq_admin_password;
    const login = { login_user: 'admin', login_password: password };
    const conn = connect('rmq1');
    await onHost(lab, 'rmq1', `rm -f ${SNAPSHOT}; ${WATCH}`);
    let controllerSeen = '';
    const sampler = setInterval(() => {
      controllerSeen += processStrings().includes(password) ? 'LEAK ' : '.';
    }, 50);
    try {
      for (let i = 0; i < 8; i++) await planAll(conn, 'rmq1', login);
    } finally {
      clearInterval(sampler);
    }
    const snapshot = (await onHost(lab, 'rmq1', WATCH_DONE)).stdout;
    expect(snapshot, 'the watcher saw curl run').to.contain('curl');
    expect(snapshot.includes(password), 'password on the host').to.equal(false);
    expect(controllerSeen).to.not.contain('LEAK');
  });
});
