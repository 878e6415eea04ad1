// The broker's state through the management HTTP API: real curl on this machine against a loopback
// HTTP server that answers as RabbitMQ's API does, beside a stand-in rabbitmqctl that logs each
// start. The API path must give the same module results as the eval, start no CLI, and show the
// password to no other process; a refused login falls back to the eval.
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_STATE_MARK } from '../../../../src/modules/rabbitmq/broker-eval.ts';
import { curlConfig } from '../../../../src/modules/rabbitmq/broker-http.ts';
import { rabbitmqClusterFacts } from '../../../../src/modules/rabbitmq/rabbitmq-cluster-facts.ts';
import { rabbitmqClusterName } from '../../../../src/modules/rabbitmq/rabbitmq-cluster-name.ts';
import { rabbitmqPolicy } from '../../../../src/modules/rabbitmq/rabbitmq-policy.ts';
import { rabbitmqUser } from '../../../../src/modules/rabbitmq/rabbitmq-user.ts';
import { rabbitmqVhost } from '../../../../src/modules/rabbitmq/rabbitmq-vhost.ts';
import { executeModule } from '../../../../src/modules/execute.ts';
import type { ModuleDefinition, ModuleResult } from '../../../../src/modules/module.ts';
import { RunProbeCache } from '../../../../src/run/probe-cache.ts';
import { makeContext } from '../../../support/module-context.ts';
import { processStrings } from '../../../support/process-strings.ts';

const SECRET = 'Api "secret" \\ with\ttab';
const APP_SECRET = 'app-secret';

function rabbitHash(password: string): string {
  const salt = randomBytes(4);
  return Buffer.concat([salt, createHash('sha256').update(salt).update(password, 'utf8').digest()]).toString('base64');
}

const hashes = { admin: rabbitHash(SECRET), app: rabbitHash(APP_SECRET) };
const definition = { 'ha-mode': 'all', 'ha-sync-mode': 'automatic' };
const running = ['rabbit@local', 'rabbit@peer'];

/** One broker, as the management API describes it. */
const api: Record<string, unknown> = {
  '/api/overview': { cluster_name: 'warren_lab', node: 'rabbit@local', erlang_version: '25.2.3' },
  '/api/users': [
    { name: 'admin', password_hash: hashes.admin, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'] },
    { name: 'app', password_hash: hashes.app, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [] },
  ],
  '/api/permissions': [
    { user: 'app', vhost: 'orders', configure: '', write: '.*', read: '.*' },
    { user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' },
    { user: 'app', vhost: '/', configure: '.*', write: '.*', read: '.*' },
  ],
  '/api/vhosts': [
    { name: '/', tracing: false },
    { name: 'orders', tracing: true },
  ],
  '/api/policies': [{ vhost: '/', name: 'ha-all', pattern: '^', 'apply-to': 'all', definition, priority: 0 }],
  '/api/nodes': [
    ...running.map((name) => ({
      name,
      type: 'disc',
      running: true,
      partitions: [],
      mem_alarm: name === 'rabbit@peer',
      disk_free_alarm: false,
      applications: [{ name: 'rabbit', description: 'RabbitMQ', version: '3.10.8' }],
    })),
    { name: 'rabbit@down', type: 'ram', running: false },
  ],
};

/** The same broker, as the eval prints it (remote Erlang version left out: the API has none). */
const evalLine = `${BROKER_STATE_MARK} ${JSON.stringify({
  running: true,
  users: [
    {
      user: 'admin',
      tags: ['administrator'],
      password_hash: hashes.admin,
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      permissions: [{ vhost: '/', configure: '.*', write: '.*', read: '.*' }],
    },
    {
      user: 'app',
      tags: [],
      password_hash: hashes.app,
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      permissions: [
        { vhost: '/', configure: '.*', write: '.*', read: '.*' },
        { vhost: 'orders', configure: '', write: '.*', read: '.*' },
      ],
    },
  ],
  vhosts: [
    { name: '/', tracing: false },
    { name: 'orders', tracing: true },
  ],
  policies: [{ vhost: '/', name: 'ha-all', pattern: '^', 'apply-to': 'all', priority: 0, definition: JSON.stringify(definition) }],
  cluster: {
    cluster_name: 'warren_lab',
    disk_nodes: running,
    ram_nodes: ['rabbit@down'],
    running_nodes: running,
    partitions: {},
    alarms: [{ type: 'resource_alarm', resource: 'memory', node: 'rabbit@peer' }],
    versions: {
      'rabbit@local': { rabbitmq_name: 'RabbitMQ', rabbitmq_version: '3.10.8', erlang_version: '25.2.3' },
      'rabbit@peer': { rabbitmq_name: 'RabbitMQ', rabbitmq_version: '3.10.8' },
    },
  },
})}`;

describe('broker state through the management API', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let seenCurl = 0;
  let leaks = 0;

  before(async () => {
    server = createServer((req, res) => {
      // While curl waits for this answer, look at every process as another local user would.
      const strings = processStrings();
      if (strings.includes('curl')) seenCurl++;
      if (strings.includes(SECRET)) leaks++;
      const authorised = req.headers.authorization === `Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`;
      const body = api[req.url ?? ''];
      res.writeHead(authorised ? (body ? 200 : 404) : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(authorised ? (body ?? { error: 'not_found' }) : { error: 'not_authorised' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-rmq-http-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'answer.txt'), `${evalLine}\nok\n`);
    const fake = `#!/bin/sh\necho "$*" >> "${dir}/argv.log"\ncat > /dev/null\ncat "${dir}/answer.txt"\n`;
    writeFileSync(join(dir, 'bin', 'rabbitmqctl'), fake);
    chmodSync(join(dir, 'bin', 'rabbitmqctl'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cliStarts = () => (existsSync(join(dir, 'argv.log')) ? readFileSync(join(dir, 'argv.log'), 'utf8').split('\n').filter(Boolean) : []);
  const user = (name: string, password: string, vhost = '/') => ({
    user: name,
    password,
    configure_priv: '.*',
    write_priv: '.*',
    read_priv: '.*',
    vhost,
    update_password: 'always',
  });
  const tasks: Array<[string, ModuleDefinition, Record<string, unknown>]> = [
    ['vhost', rabbitmqVhost, { name: '/' }],
    ['vhost-tracing', rabbitmqVhost, { name: 'orders', tracing: false }],
    ['admin', rabbitmqUser, { ...user('admin', SECRET), tags: 'administrator' }],
    ['app', rabbitmqUser, user('app', APP_SECRET)],
    ['app-drift', rabbitmqUser, { ...user('app', 'another password'), tags: ['monitoring'] }],
    ['guest', rabbitmqUser, { user: 'guest', state: 'absent' }],
    ['facts', rabbitmqClusterFacts, {}],
    ['name', rabbitmqClusterName, { name: 'warren_lab' }],
    ['policy', rabbitmqPolicy, { name: 'ha-all', pattern: '^', tags: definition }],
    ['policy-new', rabbitmqPolicy, { name: 'qq', pattern: '^q', apply_to: 'queues', tags: { 'queue-mode': 'lazy' } }],
  ];

  async function runAll(login: Record<string, unknown>): Promise<Record<string, ModuleResult>> {
    const cache = new RunProbeCache();
    const results: Record<string, ModuleResult> = {};
    for (const [key, def, args] of tasks) {
      const ctx = {
        ...makeContext({ host: 'local', diff: true, environment: { PATH: `${join(dir, 'bin')}:${process.env.PATH}` } }),
        probeCache: cache.scoped('local', ''),
      };
      results[key] = await executeModule(def, ctx, { ...args, ...login }, { check: true });
    }
    return results;
  }

  it('gives every module the result the eval gives, with no CLI start, and the password in no argv or environment', async () => {
    const viaApi = await runAll({ login_user: 'admin', login_password: SECRET, login_port: port });
    expect(cliStarts()).to.deep.equal([]);
    expect(seenCurl, 'the server saw curl running').to.be.greaterThan(0);
    expect(leaks).to.equal(0);
    const viaEval = await runAll({});
    expect(cliStarts()).to.deep.equal(['-q eval']);
    expect(viaApi).to.deep.equal(viaEval);
    expect(Object.entries(viaApi).map(([key, r]) => [key, r.changed])).to.deep.equal([
      ['vhost', false],
      ['vhost-tracing', true],
      ['admin', false],
      ['app', true], // the 'orders' permission is not wanted
      ['app-drift', true],
      ['guest', false],
      ['facts', false],
      ['name', false],
      ['policy', false],
      ['policy-new', true],
    ]);
    const facts = (viaApi.facts as unknown as { rabbitmq_cluster: Record<string, unknown> }).rabbitmq_cluster;
    expect(facts).to.include({ cluster_name: 'warren_lab' });
    expect(facts.running_hosts).to.deep.equal(['local', 'peer']);
    expect(facts.hosts).to.deep.equal(['down', 'local', 'peer']);
  });

  it('a refused login (or no API) falls back to the one eval, with the same results', async () => {
    const viaEval = await runAll({});
    rmSync(join(dir, 'argv.log'));
    const refused = await runAll({ login_user: 'admin', login_password: 'wrong', login_port: port });
    expect(cliStarts()).to.deep.equal(['-q eval']);
    expect(refused).to.deep.equal(viaEval);
    rmSync(join(dir, 'argv.log'));
    server.close(); // nothing listens: curl cannot connect
    const closed = await runAll({ login_user: 'admin', login_password: SECRET, login_port: port });
    expect(cliStarts()).to.deep.equal(['-q eval']);
    expect(closed).to.deep.equal(viaEval);
  });

  it("writes the login as curl's quoted config, escapes and all", () => {
    const config = curlConfig({ user: 'admin', password: SECRET, host: '127.0.0.1', port: 15672 });
    expect(config).to.contain('user = "admin:Api \\"secret\\" \\\\ with\\ttab"\n');
    expect(config).to.contain('url = "http://127.0.0.1:15672/api/nodes"\n');
  });
});
