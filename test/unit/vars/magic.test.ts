import { expect } from 'chai';
import { OMIT, magicVars, type MagicVarsInput } from '../../../src/vars/magic.ts';

function input(reads: string[], overrides: Partial<MagicVarsInput> = {}): MagicVarsInput {
  return {
    inventoryHostname: 'rmq-1.lab.example',
    groups: { all: ['rmq-1.lab.example', 'lb-1'], rabbitmq: ['rmq-1.lab.example'], ungrouped: [] },
    groupNames: ['rabbitmq', 'all'],
    playHosts: ['rmq-1.lab.example', 'lb-1'],
    check: true,
    diff: false,
    playbookDir: '/srv/playbooks',
    allHosts: ['rmq-1.lab.example', 'lb-1'],
    hostvars: (host) => {
      reads.push(host);
      return { ansible_host: `addr-of-${host}` };
    },
    ...overrides,
  };
}

describe('magic variables', () => {
  it('gives ansible_verbosity and the run tags (defaults: 0, [all], [])', () => {
    expect(magicVars(input([]))).to.include({ ansible_verbosity: 0 });
    expect(magicVars(input([])).ansible_run_tags).to.deep.equal(['all']);
    const vars = magicVars(input([], { verbosity: 2, runTags: ['web'], skipTags: ['slow'] }));
    expect(vars.ansible_verbosity).to.equal(2);
    expect(vars.ansible_run_tags).to.deep.equal(['web']);
    expect(vars.ansible_skip_tags).to.deep.equal(['slow']);
  });

  it('names the host, short name, groups and play', () => {
    const vars = magicVars(input([]));
    expect(vars.inventory_hostname).to.equal('rmq-1.lab.example');
    expect(vars.inventory_hostname_short).to.equal('rmq-1');
    expect(vars.group_names).to.deep.equal(['rabbitmq']);
    expect(vars.groups).to.have.property('rabbitmq');
    expect(vars.play_hosts).to.deep.equal(['rmq-1.lab.example', 'lb-1']);
    expect(vars.ansible_play_hosts).to.deep.equal(vars.play_hosts);
    expect(vars.ansible_play_batch).to.deep.equal(vars.play_hosts);
    expect(vars.ansible_check_mode).to.equal(true);
    expect(vars.ansible_diff_mode).to.equal(false);
    expect(vars.playbook_dir).to.equal('/srv/playbooks');
    expect(vars.omit).to.equal(OMIT);
    expect(vars).not.to.have.property('role_name');
    // the ansible-core release warren follows, shaped as ansible-playbook sets it
    expect(vars.ansible_version).to.deep.equal({ full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' });
  });

  it('sets role_name and role_path inside a role', () => {
    const vars = magicVars(input([], { roleName: 'haproxy', rolePath: '/srv/playbooks/roles/haproxy' }));
    expect(vars.role_name).to.equal('haproxy');
    expect(vars.role_path).to.equal('/srv/playbooks/roles/haproxy');
  });

  it('computes hostvars lazily, only for the host that is read', () => {
    const reads: string[] = [];
    const hostvars = magicVars(input(reads)).hostvars as Record<string, Record<string, unknown>>;
    expect(reads).to.deep.equal([]);
    expect(hostvars['lb-1'].ansible_host).to.equal('addr-of-lb-1');
    expect(reads).to.deep.equal(['lb-1']);
  });

  it('supports in, Object.keys and JSON, and has no unknown hosts', () => {
    const hostvars = magicVars(input([])).hostvars as Record<string, unknown>;
    expect('lb-1' in hostvars).to.equal(true);
    expect('ghost' in hostvars).to.equal(false);
    expect(hostvars.ghost).to.equal(undefined);
    expect(Object.keys(hostvars)).to.deep.equal(['rmq-1.lab.example', 'lb-1']);
    expect(JSON.parse(JSON.stringify(hostvars))['lb-1']).to.deep.equal({ ansible_host: 'addr-of-lb-1' });
  });

  it('is read-only', () => {
    const hostvars = magicVars(input([])).hostvars as Record<string, unknown>;
    expect(() => {
      hostvars['lb-1'] = {};
    }).to.throw(TypeError);
  });

  it('has an omit marker that cannot be mistaken for a value', () => {
    expect(OMIT).to.match(/^__omit_place_holder__[0-9a-f]{40}$/);
  });
});
