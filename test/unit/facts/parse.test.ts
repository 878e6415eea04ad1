import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseFacts, pythonFacts } from '../../../src/facts/parse.ts';
import { parseDefaultRoute } from '../../../src/facts/parse-network.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('facts parser', () => {
  it('parses a systemd-nspawn lab host (Debian 12, host0@ifN, secondary address)', () => {
    const f = parseFacts(fixture('nspawn-host.txt'));
    expect(f).to.include({
      hostname: 'rmq1',
      nodename: 'rmq1',
      fqdn: 'rmq1.lab.example',
      domain: 'lab.example',
      distribution: 'Debian',
      distribution_version: '12.5',
      distribution_major_version: '12',
      distribution_release: 'bookworm',
      os_family: 'Debian',
      system: 'Linux',
      kernel: '6.1.0-18-amd64',
      architecture: 'x86_64',
      processor_count: 2,
      processor_vcpus: 2,
      memtotal_mb: 2000,
      memfree_mb: 1000,
      service_mgr: 'systemd',
      pkg_mgr: 'apt',
      user_id: 'root',
      user_uid: 0,
    });
    expect(f.default_ipv4).to.deep.include({ address: '10.86.0.11', interface: 'host0', gateway: '10.86.0.1', netmask: '255.255.255.0', network: '10.86.0.0' });
    expect(f.interfaces).to.deep.equal(['lo', 'host0']);
    expect(f.host0).to.deep.include({ device: 'host0', active: true, mtu: 1500, macaddress: '5e:2c:41:aa:10:01' });
    expect((f.host0 as { ipv4_secondaries: unknown[] }).ipv4_secondaries).to.have.length(1);
    expect(f.all_ipv4_addresses).to.deep.equal(['10.86.0.11', '10.86.0.50']);
    expect((f.date_time as Record<string, string>).epoch).to.equal('1700000000');
    expect((f.date_time as Record<string, string>).iso8601).to.equal('2023-11-14T22:13:20Z');
  });

  it('parses output captured on a Debian 12 VM without systemd as PID 1', () => {
    const f = parseFacts(fixture('debian12-vm.txt'));
    expect(f).to.include({ distribution: 'Debian', distribution_major_version: '12', os_family: 'Debian', pkg_mgr: 'apt', domain: '' });
    expect(f.interfaces).to.include('eth0');
    expect((f.lo as { ipv4: { address: string } }).ipv4.address).to.equal('127.0.0.1');
    expect(f.all_ipv4_addresses).to.not.include('127.0.0.1');
  });

  it('reads the default route from /proc/net/route when iproute2 is missing', () => {
    const table = 'Iface\tDestination\tGateway\tFlags\nenp1s0\t00000000\t0100560A\t0003\nenp1s0\t0000560A\t00000000\t0001\n';
    expect(parseDefaultRoute(table)).to.deep.equal({ gateway: '10.86.0.1', interface: 'enp1s0' });
  });

  it("reads python facts from what the interpreter said, shaped as Ansible's; none without an interpreter that answered", () => {
    expect(pythonFacts('/usr/bin/python3\npy 3 11 2 final 0 1 cpython /usr/bin/python3\n')).to.deep.equal({
      python: {
        executable: '/usr/bin/python3',
        has_sslcontext: true,
        type: 'cpython',
        version: { major: 3, minor: 11, micro: 2, releaselevel: 'final', serial: 0 },
        version_info: [3, 11, 2, 'final', 0],
      },
      python_version: '3.11.2',
    });
    // a release candidate prints as platform.python_version() does; sys.executable names the file
    const rc = pythonFacts('/opt/py/bin/python3\npy 3 13 0 candidate 1 0 cpython /opt/py/bin/python3.13\n');
    expect(rc).to.deep.include({ python_version: '3.13.0rc1' });
    expect(rc.python).to.deep.include({ executable: '/opt/py/bin/python3.13', has_sslcontext: false });
    expect(pythonFacts('/nonexistent/python3\n')).to.deep.equal({});
    expect(pythonFacts(undefined)).to.deep.equal({});
  });

  it('rejects truncated output', () => {
    expect(() => parseFacts('@@@ hostname\nx\n')).to.throw(/incomplete/);
  });
});

describe('facts parser without a default route', () => {
  it('takes the first non-loopback IPv4 interface as default_ipv4 (isolated lab network)', () => {
    const output = readFileSync(new URL('./fixtures/nspawn-host.txt', import.meta.url), 'utf8').replace('default via 10.86.0.1 dev host0 proto static \n', '');
    expect(parseFacts(output).default_ipv4).to.deep.include({ address: '10.86.0.11', interface: 'host0' }).and.not.have.property('gateway');
  });
});
