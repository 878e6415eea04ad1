import { expect } from 'chai';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupOf } from '../../../src/lab/inventory.ts';
import { validateNames } from '../../../src/lab/lab.ts';
import { readDebianMirror } from '../../../src/lab/mirror.ts';
import { contains, gatewayAddress, hostAddress, parseSubnet } from '../../../src/lab/network.ts';

describe('lab: pure parts', () => {
  it('reads the mirror for the codename from deb822 sources, skipping security and other suites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-apt-'));
    mkdirSync(join(dir, 'sources.list.d'));
    writeFileSync(
      join(dir, 'sources.list.d', 'debian.sources'),
      'Types: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\n\nTypes: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm bookworm-updates\nComponents: main\n',
    );
    expect(readDebianMirror(dir, 'bookworm')).to.deep.equal({ uri: 'http://mirror.example/debian', suite: 'bookworm' });
  });

  it('reads one-line sources.list entries and fails clearly when none matches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-apt-'));
    writeFileSync(join(dir, 'sources.list'), '# comment\ndeb [arch=amd64] http://one.example/debian bookworm main\n');
    expect(readDebianMirror(dir, 'bookworm').uri).to.equal('http://one.example/debian');
    expect(() => readDebianMirror(dir, 'trixie')).to.throw(/no Debian archive for "trixie"/);
  });

  it('plans addresses: gateway .1, hosts from .11, overlap detection', () => {
    const subnet = parseSubnet('10.86.1.7/24');
    expect(subnet.text).to.equal('10.86.1.0/24');
    expect(gatewayAddress(subnet)).to.equal('10.86.1.1');
    expect(hostAddress(subnet, 0)).to.equal('10.86.1.11');
    expect(hostAddress(subnet, 49)).to.equal('10.86.1.60');
    expect(contains(subnet, '10.86.0.5', 16)).to.equal(true);
    expect(contains(subnet, '10.86.2.5', 24)).to.equal(false);
    expect(() => parseSubnet('10.86.0.0')).to.throw(/bad --subnet/);
    expect(() => hostAddress(parseSubnet('10.86.0.0/26'), 60)).to.throw(/no room/);
  });

  it('groups the tutorial hosts and rejects bad names', () => {
    expect(['rmq1', 'rmq3', 'lb1', 'node12'].map(groupOf)).to.deep.equal(['rabbitmq', 'rabbitmq', 'haproxy', 'node']);
    expect(() => validateNames('Bad', ['a'])).to.throw(/bad lab name/);
    expect(() => validateNames('ok', ['a', 'a'])).to.throw(/given twice/);
    expect(() => validateNames('ok', ['a_b'])).to.throw(/bad host name/);
  });
});
