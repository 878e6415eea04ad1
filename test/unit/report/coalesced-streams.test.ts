import { expect } from 'chai';
import { CoalescedStreams } from '../../../src/report/plain.ts';

describe('CoalescedStreams (stdout of the plain reporter)', () => {
  it('writes the lines of one loop turn at once, and flushes before stderr so the order stays', async () => {
    const writes: string[] = [];
    const streams = new CoalescedStreams({ write: (t) => writes.push(`out:${t}`), writeErr: (t) => writes.push(`err:${t}`) });
    streams.write('ok: [node1]\n');
    streams.write('ok: [node2]\n');
    expect(writes).to.deep.equal([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).to.deep.equal(['out:ok: [node1]\nok: [node2]\n']);
    streams.write('ok: [node3]\n');
    streams.writeErr('[WARNING]: x\n');
    expect(writes.slice(1)).to.deep.equal(['out:ok: [node3]\n', 'err:[WARNING]: x\n']);
  });
});
