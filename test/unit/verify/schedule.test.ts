import { expect } from 'chai';
import { Ledger } from '../../../src/verify/ledger.ts';
import { assignEndpoints, countersBetween, defaultClientCount, faultSlots, faultWindows, resolveNode } from '../../../src/verify/schedule.ts';
import { cutPeers } from '../../../src/verify/nodes.ts';

const NODES = ['rmq1', 'rmq2', 'rmq3'];

describe('verify schedule', () => {
  it('direct clients are pinned one per node; mixed adds one through HAProxy', () => {
    expect(defaultClientCount('haproxy', 3)).to.equal(1);
    expect(defaultClientCount('direct', 3)).to.equal(3);
    expect(assignEndpoints('direct', 4, NODES)).to.deep.equal(['rmq1', 'rmq2', 'rmq3', 'rmq1']);
    expect(assignEndpoints('mixed', defaultClientCount('mixed', 3), NODES)).to.deep.equal(['haproxy', 'rmq1', 'rmq2', 'rmq3']);
    expect(assignEndpoints('haproxy', 2, NODES)).to.deep.equal(['haproxy', 'haproxy']);
  });

  it('--node each is one fault per node; a name that is no node fails before the run', () => {
    expect(faultSlots('each', NODES)).to.deep.equal(NODES);
    expect(faultSlots('leader', NODES)).to.deep.equal(['leader']);
    expect(faultSlots('rmq2', NODES)).to.deep.equal(['rmq2']);
    expect(() => faultSlots('rmq9', NODES)).to.throw(/--node rmq9: not a host of group rabbitmq/);
  });

  it('resolves leader, follower and clients from what the broker says at injection', () => {
    const view = { nodes: NODES, leader: 'rmq2', clientNodes: { pub1: 'rmq3', sub1: 'rmq1' }, firstPublisher: 'pub1' };
    expect(resolveNode('leader', view)).to.equal('rmq2');
    expect(resolveNode('follower', view)).to.equal('rmq1');
    expect(resolveNode('clients', view)).to.equal('rmq3');
    expect(resolveNode('first', view)).to.equal('rmq1');
    expect(() => resolveNode('leader', { ...view, leader: undefined })).to.throw(/no leader/);
    expect(() => resolveNode('clients', { ...view, clientNodes: {} })).to.throw(/pub1/);
  });

  it('partition-nodes cuts a node from every other node; partition-partial from the next one only', () => {
    expect(cutPeers('partition-nodes', 'rmq2', NODES)).to.deep.equal(['rmq1', 'rmq3']);
    expect(cutPeers('partition-partial', 'rmq3', NODES)).to.deep.equal(['rmq1']);
    expect(cutPeers('kill', 'rmq3', NODES)).to.deep.equal([]);
  });

  it('counts per client what happened between two snapshots', () => {
    const zero = { confirmed: 0, delivered: 0, nacked: 0, timedOut: 0, reconnects: 0 };
    const d = countersBetween({ pub1: { ...zero, confirmed: 5 } }, { pub1: { ...zero, confirmed: 9, timedOut: 2 }, pub2: { ...zero, confirmed: 3 } });
    expect(d.pub1).to.include({ confirmed: 4, timedOut: 2 });
    expect(d.pub2).to.include({ confirmed: 3 });
  });
});

describe('verify ledger: confirming node, fault windows, per-client recovery', () => {
  function scripted() {
    let t = 0;
    const ledger = new Ledger(() => t);
    const at = (ms: number) => (t = ms);
    return { ledger, at };
  }

  it('groups lost ids by the node that confirmed them and by the fault window of the confirm', () => {
    const { ledger, at } = scripted();
    ledger.located('c1', 'rmq1');
    ledger.located('c2', 'rmq2');
    for (const [ms, id, conn] of [
      [100, 'a', 'c1'],
      [1500, 'b', 'c1'],
      [1600, 'c', 'c2'],
      [5000, 'd', 'c2'],
      [5100, 'e', 'cX'],
    ] as const) {
      at(ms);
      ledger.published(id);
      ledger.confirmed(id, conn === 'c1' ? 'pub1' : 'pub2', conn);
    }
    ledger.delivered('a');
    ledger.delivered('c');
    const windows = faultWindows([{ label: 'fault 1 (partition-nodes rmq1)', injectedAt: 1000, settledAt: 2000 }]);
    expect(ledger.lostByNode()).to.deep.equal({ rmq1: ['b'], rmq2: ['d'], unknown: ['e'] });
    expect(ledger.lostByWindow(windows)).to.deep.equal({ 'fault 1 (partition-nodes rmq1)': ['b'], 'outside faults': ['d', 'e'] });
    expect(ledger.confirmedBetween(1000, 2000)).to.equal(2);
  });

  it('measures recovery per client: the longest confirm gap of that client across the window', () => {
    const { ledger, at } = scripted();
    for (const [ms, id, client] of [
      [0, 'a', 'pub1'],
      [100, 'b', 'pub2'],
      [3000, 'c', 'pub1'],
      [200, 'd', 'pub2'],
    ] as const) {
      at(ms);
      ledger.confirmed(id, client, client);
    }
    expect(ledger.confirmGap(0, 4000, 'pub1')).to.equal(3000);
    expect(ledger.confirmGap(0, 4000, 'pub2')).to.equal(100);
    expect(ledger.clientStats().pub1).to.include({ confirmed: 2 });
  });

  it('counts attempted ids that never got a confirm as unconfirmed, not lost', () => {
    const { ledger } = scripted();
    ledger.published('a');
    ledger.published('b');
    ledger.confirmed('a');
    ledger.delivered('a');
    expect(ledger.counts()).to.include({ attempted: 2, confirmed: 1, unconfirmed: 1, lost: 0 });
  });
});
