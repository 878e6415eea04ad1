import { expect } from 'chai';
import { ansibleConfig } from '../../../bench/lib/ansible.ts';
import { compareTrees } from '../../../bench/lib/equivalence.ts';
import { parseBenchOptions } from '../../../bench/lib/options.ts';
import { parsePyinfraResults, pyinfraInventory } from '../../../bench/lib/pyinfra.ts';
import { buildRows, evaluateTargets } from '../../../bench/lib/report.ts';
import { roundOrder } from '../../../bench/lib/workloads.ts';

describe('bench peers: pyinfra and Ansible with Mitogen', () => {
  it("reads pyinfra's Results block (colours, a partial count, a host it could not reach)", () => {
    const out = [
      '--> Beginning operation run...',
      '--> Results:',
      '    Groups: \x1b[1mbench\x1b[0m',
      '    \x1b[32m[node1]\x1b[0m    Changed: \x1b[1m3\x1b[0m   No change: \x1b[1m18\x1b[0m   Errors: \x1b[1m0\x1b[0m',
      '    [node2]    Changed: 1 (1 partial)   No change: 20   Errors: 1',
      '    [node3]    No connection',
    ].join('\n');
    expect(parsePyinfraResults(out)).to.deep.equal({ hosts: 3, ok: 38, changed: 4, unreachable: 1, failed: 1, skipped: 0 });
  });

  it('writes a pyinfra inventory of the first N lab hosts with strict host keys', () => {
    const lab = { hosts: ['node1', 'node2'], addresses: { node1: '10.86.4.2', node2: '10.86.4.3' }, keyFile: '/k', knownHostsFile: '/kh' };
    const text = pyinfraInventory(lab, 1);
    expect(text).to.include('("node1", {"ssh_hostname": "10.86.4.2", "ssh_user": "root", "ssh_key": "/k", "ssh_known_hosts_file": "/kh"');
    expect(text).to.include('"ssh_strict_host_key_checking": "yes"').and.not.include('node2');
  });

  it("turns Mitogen's linear strategy on in the Ansible config", () => {
    const cfg = ansibleConfig({ forks: 50, knownHostsFile: '/kh', controlDir: '/cp', mitogenStrategyDir: '/m/strategy' });
    expect(cfg).to.include('strategy_plugins = /m/strategy\nstrategy = mitogen_linear');
    expect(ansibleConfig({ forks: 50, knownHostsFile: '/kh', controlDir: '/cp' })).to.not.include('strategy');
  });

  it('rotates the tools each round so none always goes first', () => {
    const tools = ['warren', 'pyinfra', 'mitogen', 'ansible'] as const;
    expect([0, 1, 4].map((run) => roundOrder([...tools], run)[0])).to.deep.equal(['warren', 'pyinfra', 'warren']);
  });

  it("names the first host whose tree differs from warren's, and the lines that differ", () => {
    const reference = new Map([
      ['node1', './motd f 644 root:root \nabc  ./motd'],
      ['node2', './motd f 644 root:root \nabd  ./motd'],
    ]);
    const trees = new Map([
      ['node1', './motd f 644 root:root \nabc  ./motd'],
      ['node2', './motd f 600 root:root \nabd  ./motd'],
    ]);
    const e = compareTrees('pyinfra', 2, reference, trees);
    expect(e.same).to.equal(1);
    expect(e.difference).to.deep.equal({ host: 'node2', lines: ['+ ./motd f 600 root:root ', '- ./motd f 644 root:root '] });
    expect(compareTrees('mitogen', 2, reference, reference).difference).to.equal(undefined);
  });

  it("judges the peers' targets: converged 5x pyinfra and 10x mitogen, first run 3x pyinfra", () => {
    const sample = (tool: 'warren' | 'pyinfra' | 'mitogen', workload: 'first' | 'converged', ms: number) => ({ tool, workload, hosts: 10, ms });
    const rows = buildRows(
      [
        sample('warren', 'converged', 100),
        sample('pyinfra', 'converged', 600),
        sample('mitogen', 'converged', 900),
        sample('warren', 'first', 100),
        sample('pyinfra', 'first', 250),
      ],
      [10],
    );
    const targets = evaluateTargets(rows, [], { hosts: 10, peakMiB: {} });
    expect(targets.map((t) => [t.name, t.met])).to.deep.equal([
      ['converged re-run >= 10x faster than ansible+mitogen, 10 host(s)', false],
      ['converged re-run >= 5x faster than pyinfra, 10 host(s)', true],
      ['first run >= 3x faster than pyinfra, 10 host(s)', false],
    ]);
  });

  it('--scale is warren alone on 1..200 hosts with 200 forks; --tools keeps warren and refuses unknown tools', () => {
    const scale = parseBenchOptions(['--scale']);
    expect(scale !== 'help' && [scale.tools, scale.hostCounts, scale.forks, scale.label]).to.deep.equal([
      ['warren'],
      [1, 10, 50, 100, 200],
      200,
      'warren-hosts-1-10-50-100-200',
    ]);
    const some = parseBenchOptions(['--tools', 'ansible,pyinfra']);
    expect(some !== 'help' && some.tools).to.deep.equal(['warren', 'pyinfra', 'ansible']);
    expect(() => parseBenchOptions(['--tools', 'chef'])).to.throw("unknown tool 'chef'");
  });
});
