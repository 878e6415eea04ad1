import { expect } from 'chai';
import { ChannelLimiter } from '../../../src/connection/channel-limiter.ts';
import { hostKeyPolicyFrom, sshSettingsFromVars } from '../../../src/connection/ssh-config.ts';

describe('ssh settings from host vars', () => {
  it('reads Ansible connection vars', () => {
    const s = sshSettingsFromVars(
      'rmq1',
      {
        ansible_host: '10.86.0.11',
        ansible_port: '2200',
        ansible_user: 'deploy',
        ansible_ssh_private_key_file: '~/keys/id',
        ansible_ssh_pass: 'pw',
        ansible_become_pass: 'bpw',
        warren_known_hosts_file: '/lab/known_hosts',
      },
      {},
      {},
      '/home/me',
    );
    expect(s).to.include({
      address: '10.86.0.11',
      port: 2200,
      user: 'deploy',
      password: 'pw',
      becomePassword: 'bpw',
      connectTimeoutMs: 10000,
      keepaliveIntervalMs: 15000,
      keepaliveCountMax: 3,
      maxChannels: 8,
      hostKeyPolicy: 'strict',
    });
    expect(s.privateKeyFiles).to.deep.equal(['/home/me/keys/id']);
    expect(s.knownHostsFiles).to.deep.equal(['/lab/known_hosts', '/home/me/.ssh/known_hosts']);
  });

  it('defaults the address to the inventory name and takes -u / --private-key', () => {
    const s = sshSettingsFromVars('web1', {}, { user: 'ops', privateKey: '/k' }, {}, '/nonexistent-home');
    expect(s).to.include({ address: 'web1', port: 22, user: 'ops' });
    expect(s.privateKeyFiles).to.deep.equal(['/k']);
  });

  it('rejects a bad port naming the host', () => {
    expect(() => sshSettingsFromVars('web1', { ansible_port: 'abc' }, {})).to.throw(/web1: ansible_port/);
  });

  it('picks the host key policy: host var, then flag, then environment; false means accept-new', () => {
    expect(hostKeyPolicyFrom('h', { warren_host_key_checking: 'accept-new' }, { hostKeyPolicy: 'strict' }, {})).to.equal('accept-new');
    expect(hostKeyPolicyFrom('h', { ansible_ssh_host_key_checking: false }, {}, {})).to.equal('accept-new');
    expect(hostKeyPolicyFrom('h', {}, { hostKeyPolicy: 'accept-new' }, {})).to.equal('accept-new');
    expect(hostKeyPolicyFrom('h', {}, {}, { WARREN_HOST_KEY_CHECKING: 'accept-new' })).to.equal('accept-new');
    expect(hostKeyPolicyFrom('h', {}, {}, {})).to.equal('strict');
    expect(() => hostKeyPolicyFrom('h', { warren_host_key_checking: 'sometimes' }, {}, {})).to.throw(/h: warren_host_key_checking/);
  });
});

describe('channel limiter', () => {
  it('never runs more than its capacity at once', async () => {
    const limiter = new ChannelLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        }),
      ),
    );
    expect(peak).to.equal(3);
    expect(limiter.inUse).to.equal(0);
  });
});
