// The builtin-only facts script must give the facts the tool-based one gave. Fixtures are pairs
// captured back to back on one host: `*-tools.txt` from the previous script (uname, cat, nproc, id,
// three `ip` calls...), `*-builtins.txt` from the current one.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Vars } from '../../../src/core/vars.ts';
import { withoutVolatile } from './without-volatile.ts';
import { cpuCount, parseFacts } from '../../../src/facts/parse.ts';
import { splitIpBatch } from '../../../src/facts/parse-network.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('facts from builtins equal facts from tools', () => {
  for (const host of ['lab-node1', 'netns-multipath']) {
    it(`${host}: same facts, same key order`, () => {
      const tools = parseFacts(fixture(`${host}-tools.txt`));
      const builtins = parseFacts(fixture(`${host}-builtins.txt`));
      expect(withoutVolatile(builtins)).to.deep.equal(withoutVolatile(tools));
      expect(Object.keys(builtins)).to.deep.equal(Object.keys(tools));
      expect(Object.keys(builtins.date_time as Vars)).to.deep.equal(Object.keys(tools.date_time as Vars));
    });
  }

  it('lab host: the values Ansible users read', () => {
    const f = parseFacts(fixture('lab-node1-builtins.txt'));
    expect(f).to.include({
      hostname: 'node1',
      fqdn: 'node1',
      kernel: '6.18.44-fc-v669',
      machine: 'x86_64',
      processor_count: 2,
      user_id: 'root',
      user_shell: '/bin/bash',
      distribution_version: '12.15',
    });
    expect(f.default_ipv4).to.deep.include({ address: '10.86.4.11', interface: 'host0' });
  });

  it('multipath default route: the line with its own `dev` wins, as with `ip -4 route show default`', () => {
    const f = parseFacts(fixture('netns-multipath-builtins.txt'));
    expect(f.default_ipv4).to.deep.include({ address: '10.1.0.2', interface: 'd1', gateway: '10.1.0.1' });
    expect(f.interfaces).to.deep.equal(['lo', 'd1', 'd0', 'eth0']);
    expect(f.all_ipv4_addresses).to.deep.equal(['10.1.0.2', '10.0.0.2', '10.0.0.9']);
  });
});

describe('splitIpBatch', () => {
  it('separates route lines and undoes -o on a multipath route', () => {
    const out =
      'default \\\tnexthop via 10.0.0.1 dev d0 weight 1 \n1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n1: lo: <LOOPBACK,UP> mtu 65536';
    const { route, numbered } = splitIpBatch(out);
    expect(route).to.equal('default \n\tnexthop via 10.0.0.1 dev d0 weight 1');
    expect(numbered.split('\n')).to.have.length(2);
  });
});

describe('cpuCount', () => {
  it('counts the affinity mask ANDed with the online CPUs, like sched_getaffinity', () => {
    expect(cpuCount('cpus 0-1 0-1')).to.equal(2);
    expect(cpuCount('cpus 0-63 0-3')).to.equal(4);
    expect(cpuCount('cpus 0,2-5 0-7')).to.equal(5);
    expect(cpuCount('cpus 1 0-1')).to.equal(1);
  });

  it("takes nproc's number as it is, 1 when there is none", () => {
    expect(cpuCount('3')).to.equal(3);
    expect(cpuCount('')).to.equal(1);
  });
});
