import { expect } from 'chai';
import { aptDiff, parseAptPolicy, parseDpkgQuery, planAptWork, type AptProbe } from '../../../../src/modules/system/apt-plan.ts';
import { planServiceActions, systemdState, sysvState } from '../../../../src/modules/system/service-plan.ts';
import { parseGroupLine, parseUserProbe, planGroupWork, planUserWork } from '../../../../src/modules/system/user-plan.ts';

const dpkg = 'curl\tii \t7.88.1-10+deb12u5\nhaproxy\trc \t2.6.12-1\nsocat\tun \t\n';
const probe = (extra: Partial<AptProbe> = {}): AptProbe => ({ packages: parseDpkgQuery(dpkg), candidates: {}, autoremovable: [], ...extra });

describe('apt plan', () => {
  it('parses dpkg-query status letters', () => {
    expect(parseDpkgQuery(dpkg)).to.deep.equal({
      curl: { status: 'i', version: '7.88.1-10+deb12u5' },
      haproxy: { status: 'c', version: '2.6.12-1' },
      socat: { status: 'n', version: '' },
    });
  });

  it('installs only what is missing; nothing when all present', () => {
    expect(planAptWork(probe(), { name: ['curl', 'haproxy', 'socat'] }).install).to.deep.equal(['haproxy', 'socat']);
    expect(planAptWork(probe(), { name: 'curl', state: 'present' })).to.deep.equal({ install: [], remove: [], autoremove: false });
  });

  it('removes installed packages; purge also clears config-files leftovers', () => {
    expect(planAptWork(probe(), { name: ['curl', 'haproxy', 'socat'], state: 'absent' }).remove).to.deep.equal(['curl']);
    expect(planAptWork(probe(), { name: ['curl', 'haproxy', 'socat'], state: 'absent', purge: true }).remove).to.deep.equal(['curl', 'haproxy']);
  });

  it('upgrades with state=latest when the candidate differs, and honours pins', () => {
    const policy = parseAptPolicy('curl:\n  Installed: 7.88.1-10+deb12u5\n  Candidate: 7.88.1-10+deb12u6\n  Version table:\n');
    expect(policy).to.deep.equal({ curl: '7.88.1-10+deb12u6' });
    expect(planAptWork(probe({ candidates: policy }), { name: 'curl', state: 'latest' }).install).to.deep.equal(['curl']);
    expect(planAptWork(probe(), { name: 'curl=7.88.1-10+deb12u5' }).install).to.deep.equal([]);
    expect(planAptWork(probe(), { name: 'curl=7.88.1*' }).install).to.deep.equal([]);
    expect(planAptWork(probe(), { name: 'curl=8.0' }).install).to.deep.equal(['curl=8.0']);
  });

  it('installs a .deb only when that version is not installed, with a version diff', () => {
    const deb = { name: 'curl', version: '7.88.1-10+deb12u5', path: '/tmp/curl.deb' };
    expect(planAptWork(probe({ deb }), { deb: deb.path }).install).to.deep.equal([]);
    const newer = { ...deb, version: '8.0' };
    const work = planAptWork(probe({ deb: newer }), { deb: deb.path });
    expect(work.install).to.deep.equal(['/tmp/curl.deb']);
    expect(aptDiff(probe({ deb: newer }), work)).to.include({ before: 'curl: 7.88.1-10+deb12u5\n', after: 'curl: 8.0\n' });
  });
});

const show = (active: string, file: string, load = 'loaded') =>
  `LoadState=${load}\nActiveState=${active}\nSubState=running\nUnitFileState=${file}\nMainPID=1\n`;

describe('service plan', () => {
  it('starts and enables only what differs', () => {
    expect(planServiceActions(systemdState(show('inactive', 'disabled')), { name: 'haproxy', state: 'started', enabled: true })).to.deep.equal([
      'enable',
      'start',
    ]);
    expect(planServiceActions(systemdState(show('active', 'enabled')), { name: 'haproxy', state: 'started', enabled: true })).to.deep.equal([]);
    expect(planServiceActions(systemdState(show('active', 'static')), { name: 'x', enabled: true })).to.deep.equal([]);
    expect(planServiceActions(systemdState(show('active', 'enabled')), { name: 'haproxy', state: 'stopped', enabled: false })).to.deep.equal([
      'disable',
      'stop',
    ]);
  });

  it('always restarts; reload of a stopped service starts it', () => {
    expect(planServiceActions(systemdState(show('active', 'enabled')), { name: 'x', state: 'restarted' })).to.deep.equal(['restart']);
    expect(planServiceActions(systemdState(show('inactive', 'enabled')), { name: 'x', state: 'reloaded' })).to.deep.equal(['start']);
  });

  it('unmasks before starting, masks after stopping, and refuses to start a masked unit', () => {
    expect(planServiceActions(systemdState(show('inactive', 'masked', 'masked')), { name: 'x', masked: false, state: 'started' })).to.deep.equal([
      'unmask',
      'start',
    ]);
    expect(planServiceActions(systemdState(show('active', 'enabled')), { name: 'x', masked: true, state: 'stopped' })).to.deep.equal(['stop', 'mask']);
    expect(() => planServiceActions(systemdState(show('inactive', 'masked', 'masked')), { name: 'x', state: 'started' })).to.throw(/masked/);
  });

  it('fails for a unit that does not exist', () => {
    expect(() => planServiceActions(systemdState(show('inactive', '', 'not-found')), { name: 'nope', state: 'started' })).to.throw(
      /Could not find the requested service nope/,
    );
  });

  it('plans sysv services from status code and rc links', () => {
    expect(planServiceActions(sysvState(true, 3, false), { name: 'x', state: 'started', enabled: true })).to.deep.equal(['enable', 'start']);
    expect(planServiceActions(sysvState(true, 0, true), { name: 'x', state: 'started', enabled: true })).to.deep.equal([]);
  });
});

describe('user and group plan', () => {
  const current = parseUserProbe('deploy:x:1001:1001:Deploy:/home/deploy:/bin/sh\n', 'deploy\n', 'deploy adm sudo\n', '$6$hash');

  it('parses getent and id output', () => {
    expect(current).to.deep.equal({
      name: 'deploy',
      uid: 1001,
      gid: 1001,
      comment: 'Deploy',
      home: '/home/deploy',
      shell: '/bin/sh',
      primaryGroup: 'deploy',
      groups: ['adm', 'sudo'],
      passwordHash: '$6$hash',
    });
    expect(parseUserProbe('', '', '')).to.equal(undefined);
  });

  it('creates a missing user with home by default', () => {
    expect(planUserWork(undefined, { name: 'svc', uid: 990, groups: ['adm'], shell: '/bin/bash', system: true })).to.deep.equal({
      command: 'useradd',
      argv: ['-u', '990', '-G', 'adm', '-s', '/bin/bash', '-r', '-m', 'svc'],
    });
  });

  it('modifies only what differs; append adds missing groups only', () => {
    expect(planUserWork(current, { name: 'deploy', shell: '/bin/sh', groups: 'adm,sudo', uid: 1001 })).to.equal(undefined);
    expect(planUserWork(current, { name: 'deploy', groups: ['adm'] })).to.deep.equal({ command: 'usermod', argv: ['-G', 'adm', 'deploy'] });
    expect(planUserWork(current, { name: 'deploy', groups: ['adm', 'docker'], append: true })).to.deep.equal({
      command: 'usermod',
      argv: ['-a', '-G', 'docker', 'deploy'],
    });
    expect(planUserWork(current, { name: 'deploy', password: '$6$hash' })).to.equal(undefined);
    expect(planUserWork(current, { name: 'deploy', password: '$6$other', update_password: 'on_create' })).to.equal(undefined);
  });

  it('removes a present user and leaves an absent one alone', () => {
    expect(planUserWork(current, { name: 'deploy', state: 'absent', remove: true })).to.deep.equal({ command: 'userdel', argv: ['-r', 'deploy'] });
    expect(planUserWork(undefined, { name: 'deploy', state: 'absent' })).to.equal(undefined);
  });

  it('plans groups from getent group', () => {
    const g = parseGroupLine('rabbitmq:x:120:\n');
    expect(g).to.deep.equal({ name: 'rabbitmq', gid: 120 });
    expect(planGroupWork(g, { name: 'rabbitmq', gid: 120 })).to.equal(undefined);
    expect(planGroupWork(g, { name: 'rabbitmq', gid: 121 })).to.deep.equal({ command: 'groupmod', argv: ['-g', '121', 'rabbitmq'] });
    expect(planGroupWork(undefined, { name: 'ops', system: true })).to.deep.equal({ command: 'groupadd', argv: ['-r', 'ops'] });
    expect(planGroupWork(undefined, { name: 'ops', state: 'absent' })).to.equal(undefined);
  });
});
