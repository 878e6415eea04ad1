// rabbitmq_user end to end through a real shell and a stand-in rabbitmqctl (fixtures/):
// create, idempotence, password change detection, check mode, and where the password goes.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePermissions, parseUsers, planUser } from '../../../../src/modules/rabbitmq/rabbitmq-user.ts';
import { rabbitmqUser } from '../../../../src/modules/rabbitmq/rabbitmq-user.ts';
import { runModule, type TestContextOptions } from '../../../support/module-context.ts';
import { fixture, fixtureDir } from './fixtures.ts';
import { renderedDiffs } from '../../../support/rendered-diffs.ts';

const SECRET = 'S3cret-pass-for-test';

function context(dir: string, check = false): TestContextOptions {
  return {
    host: 'local',
    check,
    diff: true,
    environment: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, FAKE_RMQ_STATE: join(dir, 'state') },
  };
}

describe('rabbitmq_user plan (fixtures)', () => {
  const users = parseUsers(fixture('list_users.json'));
  const perms = parsePermissions(fixture('list_user_permissions_app.json'));

  it('parses tags as lists and as the legacy "[a, b]" text', () => {
    expect(users.find((u) => u.user === 'admin')?.tags).to.deep.equal(['administrator']);
    expect(parseUsers(fixture('list_users_legacy.txt'))[0].tags).to.deep.equal(['administrator', 'management']);
  });

  it('is unchanged when tags and permissions match and the password is not checked', () => {
    const plan = planUser(
      { missing: false, exists: true, tags: [], permissions: perms },
      { user: 'app', password: 'x', configure_priv: '.*', write_priv: '.*', read_priv: '.*' },
    );
    expect(plan.changed).to.equal(false);
  });

  it('clears permissions on vhosts not listed, and sets the listed ones', () => {
    const plan = planUser(
      { missing: false, exists: true, tags: [], permissions: perms },
      { user: 'app', permissions: [{ vhost: 'orders', configure_priv: '.*', write_priv: '.*', read_priv: '.*' }] },
    );
    const steps = (plan.data as { steps: Array<{ command: string }> }).steps.map((s) => s.command);
    expect(steps).to.deep.equal([`rabbitmqctl -q set_permissions -p orders app '.*' '.*' '.*'`, 'rabbitmqctl -q clear_permissions -p / app']);
  });

  it('says the password changes without showing it', () => {
    const plan = planUser(
      { missing: false, exists: true, tags: [], permissions: [], passwordMatches: false },
      { user: 'app', password: SECRET, update_password: 'always', permissions: [] },
    );
    expect(plan.changed).to.equal(true);
    expect(JSON.stringify(plan)).to.not.contain(SECRET);
    expect(renderedDiffs(plan)[0]?.after).to.contain('password: (changed, not shown)');
  });
});

describe('rabbitmq_user against a stand-in rabbitmqctl', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-rmq-user-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'state'));
    symlinkSync(join(fixtureDir, 'fake-rabbitmqctl.sh'), join(dir, 'bin', 'rabbitmqctl'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const admin = {
    user: 'admin',
    password: SECRET,
    tags: 'administrator',
    vhost: '/',
    configure_priv: '.*',
    write_priv: '.*',
    read_priv: '.*',
    update_password: 'always' as const,
  };

  it('creates the user, then reports no change, then detects a new password', async () => {
    const first = await runModule(rabbitmqUser, admin, context(dir));
    expect(first.changed).to.equal(true);
    expect(readFileSync(join(dir, 'state/users/admin'), 'utf8')).to.equal(SECRET);
    expect(readFileSync(join(dir, 'state/tags/admin'), 'utf8')).to.equal('"administrator"');

    const second = await runModule(rabbitmqUser, admin, context(dir));
    expect(second.changed).to.equal(false);

    const third = await runModule(rabbitmqUser, { ...admin, password: 'another-password' }, context(dir));
    expect(third.changed).to.equal(true);
    expect(readFileSync(join(dir, 'state/users/admin'), 'utf8')).to.equal('another-password');
  });

  it('keeps the password off every command line and out of the result', async () => {
    const result = await runModule(rabbitmqUser, admin, context(dir));
    await runModule(rabbitmqUser, admin, context(dir));
    const argv = readFileSync(join(dir, 'state/argv.log'), 'utf8');
    expect(argv).to.contain('add_user admin');
    expect(argv).to.contain('authenticate_user admin');
    expect(argv).to.not.contain(SECRET);
    expect(JSON.stringify(result)).to.not.contain(SECRET);
  });

  it('changes nothing in check mode and reports the change', async () => {
    const result = await runModule(rabbitmqUser, admin, context(dir, true));
    expect(result.changed).to.equal(true);
    expect(existsSync(join(dir, 'state/users/admin'))).to.equal(false);
  });

  it('in check mode without rabbitmqctl plans against an empty broker; without check mode it fails clearly', async () => {
    rmSync(join(dir, 'bin', 'rabbitmqctl'));
    const ctx = context(dir, true);
    ctx.environment = { PATH: `${join(dir, 'bin')}:/usr/bin:/bin` };
    const checked = await runModule(rabbitmqUser, admin, ctx);
    expect(checked.changed).to.equal(true);
    const real = await runModule(rabbitmqUser, admin, { ...ctx, check: false });
    expect(real.failed).to.equal(true);
    expect(real.msg).to.match(/rabbitmqctl was not found/);
  });

  it('removes a user with state absent', async () => {
    await runModule(rabbitmqUser, admin, context(dir));
    const plan = await runModule(rabbitmqUser, { user: 'admin', state: 'absent' }, context(dir, true));
    expect(plan.changed).to.equal(true);
    expect(renderedDiffs(plan)[0]?.after).to.contain('state: absent');
  });
});
