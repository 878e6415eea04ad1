import { expect } from 'chai';
import { bootTimeoutSeconds, hostsFromFlags } from '../../../src/cli/lab.ts';

describe('warren lab up: which hosts', () => {
  it('takes a bare number given to --hosts as a count of node1..nodeN', () => {
    const hosts = hostsFromFlags({ hosts: '200', prefix: 'node' });
    expect(hosts).to.have.length(200);
    expect([hosts[0], hosts[199]]).to.deep.equal(['node1', 'node200']);
  });

  it('keeps names as names and refuses a count above 200', () => {
    expect(hostsFromFlags({ hosts: 'rmq1, lb1', prefix: 'node' })).to.deep.equal(['rmq1', 'lb1']);
    expect(() => hostsFromFlags({ hosts: '201', prefix: 'node' })).to.throw('a whole number from 1 to 200');
    expect(() => hostsFromFlags({ hosts: '3', count: '3', prefix: 'node' })).to.throw('not both');
  });
});

describe('warren lab up: boot timeout', () => {
  it('defaults to 90 s, one second per host for labs above 90 hosts, and refuses a bad value', () => {
    expect([bootTimeoutSeconds(undefined, 4), bootTimeoutSeconds(undefined, 200), bootTimeoutSeconds('30', 200)]).to.deep.equal([90, 200, 30]);
    expect(() => bootTimeoutSeconds('soon', 4)).to.throw('bad --boot-timeout "soon"');
  });
});
