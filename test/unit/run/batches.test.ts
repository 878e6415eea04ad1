import { expect } from 'chai';
import { serialBatches, serialEntrySize } from '../../../src/run/batches.ts';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`);
const sizes = (b: string[][]) => b.map((x) => x.length);

describe('serial batches', () => {
  it('one batch without serial', () => {
    expect(sizes(serialBatches(hosts(5), undefined))).to.deep.equal([5]);
    expect(serialBatches([], [2])).to.deep.equal([]);
  });
  it('fixed sizes', () => {
    expect(sizes(serialBatches(hosts(5), [2]))).to.deep.equal([2, 2, 1]);
  });
  it('percentages round down with a minimum of one', () => {
    expect(serialEntrySize('30%', 10)).to.equal(3);
    expect(serialEntrySize('10%', 5)).to.equal(1);
    expect(sizes(serialBatches(hosts(10), ['50%']))).to.deep.equal([5, 5]);
  });
  it('lists: the last size repeats', () => {
    expect(sizes(serialBatches(hosts(8), [1, 3]))).to.deep.equal([1, 3, 3, 1]);
    expect(sizes(serialBatches(hosts(6), [1, '50%']))).to.deep.equal([1, 3, 2]);
  });
  it('keeps host order', () => {
    expect(serialBatches(hosts(3), [2])).to.deep.equal([['h1', 'h2'], ['h3']]);
  });
});
