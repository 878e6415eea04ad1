// The broker's state read once per host per run: what the one eval answers, passwords checked on
// the controller against the salted hash, and the run's probe cache that makes every rabbitmq
// module's probe one CLI start in all, through a real shell and a stand-in rabbitmqctl.
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_STATE_MARK } from '../../../../src/modules/rabbitmq/broker-eval.ts';
import { parseBrokerState, passwordMatchesHash } from '../../../../src/modules/rabbitmq/broker-state.ts';
import { rabbitmqClusterFacts } from '../../../../src/modules/rabbitmq/rabbitmq-cluster-facts.ts';
import { rabbitmqClusterName } from '../../../../src/modules/rabbitmq/rabbitmq-cluster-name.ts';
import { rabbitmqPolicy } from '../../../../src/modules/rabbitmq/rabbitmq-policy.ts';
import { rabbitmqUser } from '../../../../src/modules/rabbitmq/rabbitmq-user.ts';
import { rabbitmqVhost } from '../../../../src/modules/rabbitmq/rabbitmq-vhost.ts';
import { executeModule } from '../../../../src/modules/execute.ts';
import type { ModuleDefinition } from '../../../../src/modules/module.ts';
import { RunProbeCache } from '../../../../src/run/probe-cache.ts';
import { makeContext } from '../../../support/module-context.ts';
import { fixture } from './fixtures.ts';
import { renderedDiffs } from '../../../support/rendered-diffs.ts';

const SECRET = 'Br0ker-state secret';

/** RabbitMQ's stored form: base64(salt + H(salt + password)). */
function rabbitHash(password: string, algorithm = 'sha256'): string {
  const salt = randomBytes(4);
  return Buffer.concat([salt, createHash(algorithm).update(salt).update(password, 'utf8').digest()]).toString('base64');
}

function brokerLine(overrides: Record<string, unknown> = {}): string {
  const state = {
    running: true,
    users: [
      {
        user: 'admin',
        tags: ['administrator'],
        password_hash: rabbitHash(SECRET),
        hashing_algorithm: 'rabbit_password_hashing_sha256',
        permissions: [{ vhost: '/', configure: '.*', write: '.*', read: '.*' }],
      },
    ],
    vhosts: [{ name: '/', tracing: false }],
    policies: JSON.parse(fixture('list_policies.json')),
    cluster: JSON.parse(fixture('cluster_status_three.json')),
    ...overrides,
  };
  return `${BROKER_STATE_MARK} ${JSON.stringify(state)}`;
}

describe('broker state in one eval', () => {
  it('checks a password against the salted hash as RabbitMQ does (first line, trimmed)', () => {
    for (const algorithm of ['sha256', 'sha512', 'md5']) {
      const user = { hash: Buffer.from(rabbitHash(SECRET, algorithm), 'base64'), algorithm: `rabbit_password_hashing_${algorithm}` };
      expect(passwordMatchesHash(user, SECRET), algorithm).to.equal(true);
      expect(passwordMatchesHash(user, `  ${SECRET}\nsecond line`), algorithm).to.equal(true);
      expect(passwordMatchesHash(user, 'not it'), algorithm).to.equal(false);
    }
    expect(passwordMatchesHash({ hash: Buffer.alloc(0), algorithm: 'rabbit_password_hashing_sha256' }, '')).to.equal(false);
    expect(passwordMatchesHash({ hash: Buffer.alloc(36), algorithm: 'some_ldap_hashing' }, SECRET)).to.equal(undefined);
  });

  it('keeps the parts it could read; a part that failed, or a stopped app, is left to the commands', () => {
    const state = parseBrokerState(`warning line\n${brokerLine({ policies: { error: 'error:undef' } })}\nok`, '3.10.8');
    expect(state?.users?.get('admin')?.tags).to.deep.equal(['administrator']);
    expect(state?.vhosts).to.have.length(1);
    expect(state?.policies).to.equal(undefined);
    expect(state?.version).to.equal('3.10.8');
    expect(parseBrokerState(`${BROKER_STATE_MARK} {"running":false}`, '')).to.equal(undefined);
    expect(parseBrokerState('Error: unable to perform an operation on node', '')).to.equal(undefined);
  });

  describe('against a stand-in rabbitmqctl', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'warren-rmq-broker-'));
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'answer.txt'), `${brokerLine()}\nok\n`);
      // One line in argv.log = one CLI start (one Erlang VM for the real CLI); stdin is kept.
      const fake = `#!/bin/sh\necho "$*" >> "${dir}/argv.log"\ncat >> "${dir}/stdin.txt"\ncat "${dir}/answer.txt"\n`;
      writeFileSync(join(dir, 'bin', 'rabbitmqctl'), fake);
      chmodSync(join(dir, 'bin', 'rabbitmqctl'), 0o755);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const environment = () => ({ PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
    const admin = {
      user: 'admin',
      password: SECRET,
      tags: 'administrator',
      configure_priv: '.*',
      write_priv: '.*',
      read_priv: '.*',
      update_password: 'always',
    };
    const tasks: Array<[ModuleDefinition, Record<string, unknown>]> = [
      [rabbitmqVhost, { name: '/' }],
      [rabbitmqUser, admin],
      [rabbitmqUser, { user: 'guest', state: 'absent' }],
      [rabbitmqClusterFacts, {}],
      [rabbitmqClusterName, { name: 'warren_lab' }],
      [rabbitmqPolicy, { name: 'ha-all', pattern: '^', tags: { 'ha-mode': 'all', 'ha-sync-mode': 'automatic' } }],
    ];

    it('a converged broker costs one CLI start for every module of the run, and no password goes to the host', async () => {
      const cache = new RunProbeCache();
      for (const [def, args] of tasks) {
        const ctx = { ...makeContext({ host: 'local', environment: environment() }), probeCache: cache.scoped('local', '') };
        const result = await executeModule(def, ctx, args, { check: false });
        expect(result.failed, `${def.name}: ${result.msg}`).to.equal(undefined);
        expect(result.changed, def.name).to.equal(false);
      }
      expect(readFileSync(join(dir, 'argv.log'), 'utf8')).to.equal('-q eval\n');
      expect(readFileSync(join(dir, 'stdin.txt'), 'utf8')).to.not.contain(SECRET);
    });

    it('a password changed on the broker is a change (check mode), found from the hash alone', async () => {
      writeFileSync(
        join(dir, 'answer.txt'),
        `${brokerLine({ users: [{ ...JSON.parse(brokerLine().split(' ').slice(1).join(' ')).users[0], password_hash: rabbitHash('other') }] })}\n`,
      );
      const ctx = { ...makeContext({ host: 'local', environment: environment(), diff: true }), probeCache: new RunProbeCache().scoped('local', '') };
      const result = await executeModule(rabbitmqUser, ctx, admin, { check: true });
      expect(result.changed).to.equal(true);
      expect(renderedDiffs(result)[0]?.after).to.contain('password: (changed, not shown)');
      expect(readFileSync(join(dir, 'argv.log'), 'utf8')).to.equal('-q eval\n');
    });

    it('an apply forgets the cached state: the next probe reads the broker again', async () => {
      const cache = new RunProbeCache();
      const ctx = () => ({ ...makeContext({ host: 'local', environment: environment() }), probeCache: cache.scoped('local', '') });
      await executeModule(rabbitmqVhost, ctx(), { name: '/' }, { check: false });
      const added = await executeModule(rabbitmqVhost, ctx(), { name: 'new' }, { check: false });
      expect(added.changed).to.equal(true);
      await executeModule(rabbitmqVhost, ctx(), { name: '/' }, { check: false });
      // eval, add_vhost, eval again
      expect(readFileSync(join(dir, 'argv.log'), 'utf8').split('\n').filter(Boolean)).to.deep.equal(['-q eval', '-q add_vhost new', '-q eval']);
    });
  });
});
