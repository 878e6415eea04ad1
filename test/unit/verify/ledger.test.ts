import { expect } from 'chai';
import { Ledger } from '../../../src/verify/ledger.ts';
import { renderChart } from '../../../src/verify/chart.ts';

describe('verify ledger', () => {
  it('counts a confirmed message that was never consumed as lost', () => {
    const ledger = new Ledger();
    ledger.published('m-0');
    ledger.published('m-1');
    ledger.confirmed('m-0');
    ledger.confirmed('m-1');
    ledger.delivered('m-0');
    const counts = ledger.counts();
    expect(counts.lost).to.equal(1);
    expect(ledger.lostIds()).to.deep.equal(['m-1']);
    expect(ledger.drained()).to.equal(false);
  });

  it('allows duplicates and republishes but flags ids nobody published', () => {
    const ledger = new Ledger();
    ledger.published('m-0');
    ledger.published('m-0');
    ledger.confirmed('m-0');
    ledger.delivered('m-0');
    ledger.delivered('m-0');
    ledger.delivered('stranger');
    const counts = ledger.counts();
    expect(counts).to.include({ attempted: 1, published: 2, republished: 1, consumed: 2, deliveries: 3, duplicates: 1, lost: 0, unexpected: 1 });
  });

  it('an unconfirmed message that was never consumed is not lost', () => {
    const ledger = new Ledger();
    ledger.published('m-0');
    expect(ledger.counts().lost).to.equal(0);
    expect(ledger.drained()).to.equal(true);
  });

  it('draws both series and the fault window into the SVG', () => {
    const svg = renderChart({ startedAt: 0, published: [10, 20, 0, 15], consumed: [5, 25, 0, 15] }, [{ label: 'kill rmq1', fromSec: 1, toSec: 2, kind: 'fault' }], 'demo <x>');
    expect(svg).to.match(/^<svg/);
    expect(svg.match(/<polyline/g)).to.have.length(2);
    expect(svg).to.contain('kill rmq1');
    expect(svg).to.contain('demo &lt;x&gt;');
  });
});
