import { expect } from 'chai';
import { hostsFromFlags } from '../../../src/cli/lab.ts';

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
