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

  it('draws a line per client, the fault window, the leader and reconnects into the SVG', () => {
    const timeline = {
      startedAt: 0,
      published: [10, 20, 0, 15],
      consumed: [5, 25, 0, 15],
      clients: { pub1: { confirms: [10, 20, 0, 15], deliveries: [0, 0, 0, 0] }, sub1: { confirms: [0, 0, 0, 0], deliveries: [5, 25, 0, 15] } },
      reconnects: [{ client: 'pub1', atSec: 2.5 }],
      leader: [
        { atSec: 0, node: 'rmq1' },
        { atSec: 1.5, node: null },
        { atSec: 2, node: 'rmq2' },
      ],
    };
    const fault = { fault: 'kill', node: 'rmq1', injectedAtSec: 1, restoredAtSec: 2, settledAtSec: 3, leaderAtInjection: 'rmq1', leaderAfter: 'rmq2' };
    const svg = renderChart(timeline, [fault], 'demo <x>');
    expect(svg).to.match(/^<svg/);
    expect(svg.match(/<polyline/g)).to.have.length(2);
    expect(svg).to.contain('kill rmq1');
    expect(svg).to.contain('leader rmq1 → rmq2');
    expect(svg).to.contain('pub1 confirms/s');
    expect(svg).to.contain('sub1 deliveries/s');
    expect(svg).to.contain('demo &lt;x&gt;');
    // the leader track: one bar per stretch, the unknown one grey
    const bars = [...svg.matchAll(/<rect [^>]*height="12" fill="([^"]+)"><title>([^<]+)<\/title>/g)].map((m) => [m[2], m[1]]);
    expect(bars.map((b) => b[0])).to.deep.equal(['rmq1', 'no leader known', 'rmq2']);
    expect(bars[1]![1]).to.equal('#bbb');
    expect(bars[0]![1]).not.to.equal(bars[2]![1]);
  });

  it('keeps only the changes of the leader for the track', () => {
    let t = 0;
    const ledger = new Ledger(() => t);
    for (const [at, node] of [
      [0, 'rmq1'],
      [1000, 'rmq1'],
      [2000, undefined],
      [3000, 'rmq2'],
      [4000, 'rmq2'],
    ] as const) {
      t = at;
      ledger.leaderSeen(node);
    }
    expect(ledger.timeline().leader).to.deep.equal([
      { atSec: 0, node: 'rmq1' },
      { atSec: 2, node: null },
      { atSec: 3, node: 'rmq2' },
    ]);
  });
});

describe('verify ledger: a long run', () => {
  it('builds the timeline and the gap of 200 000 confirms and deliveries (a --lead 3600 run at 400/s stopped after 8 min)', () => {
    let t = 0;
    const ledger = new Ledger(() => t);
    for (let i = 0; i < 200_000; i++) {
      t = i * 2.5;
      ledger.published(`m-${i}`);
      ledger.confirmed(`m-${i}`);
      ledger.delivered(`m-${i}`);
    }
    const timeline = ledger.timeline();
    expect(timeline.published).to.have.length(500);
    expect(timeline.published.reduce((a, b) => a + b, 0)).to.equal(200_000);
    expect(ledger.maxConfirmGap()).to.be.below(10);
    expect(ledger.counts()).to.include({ confirmed: 200_000, lost: 0 });
  });
});

describe('verify ledger: maxConfirmGapMs', () => {
  it('is the longest time without a new confirm, counted from the start of the run', () => {
    let t = 1000;
    const ledger = new Ledger(() => t);
    for (const [at, id] of [
      [1200, 'a'],
      [1300, 'b'],
      [4300, 'c'],
      [4400, 'd'],
    ] as const) {
      t = at;
      ledger.published(id);
      ledger.confirmed(id);
    }
    expect(ledger.maxConfirmGap()).to.equal(3000);
  });

  it('a run whose first confirm came late counts the wait from the start', () => {
    let t = 0;
    const ledger = new Ledger(() => t);
    t = 2500;
    ledger.confirmed('a');
    expect(ledger.maxConfirmGap()).to.equal(2500);
  });
});
