import { expect } from 'chai';
import { cutOffFrom, judgeWhole, nodeNames, parseStatus, reportersFrom } from '../../../src/verify/cluster.ts';

describe('verify cluster probe: who a partition cut off', () => {
  it('names the node the others lost (rmq1 cut from rmq2 and rmq3), as cluster_status --formatter json reports it', () => {
    const views = [{ 'rabbit@rmq1': ['rabbit@rmq2', 'rabbit@rmq3'] }, { 'rabbit@rmq2': ['rabbit@rmq1'] }, { 'rabbit@rmq3': ['rabbit@rmq1'] }];
    expect(cutOffFrom(views)).to.deep.equal(['rmq1']);
  });

  it('names nothing when no node reports a partition, or no node answered', () => {
    expect(cutOffFrom([{}, {}, undefined])).to.deep.equal([]);
    expect(cutOffFrom([undefined, undefined])).to.deep.equal([]);
  });

  it('names nobody without the answers of a majority: the isolated node alone would name the majority', () => {
    expect(cutOffFrom([{ 'rabbit@rmq1': ['rabbit@rmq2', 'rabbit@rmq3'] }, undefined, undefined])).to.deep.equal([]);
    expect(cutOffFrom([{ 'rabbit@rmq1': ['rabbit@rmq2', 'rabbit@rmq3'] }, { 'rabbit@rmq2': ['rabbit@rmq1'] }, undefined])).to.deep.equal([]);
    expect(cutOffFrom([undefined, { 'rabbit@rmq2': ['rabbit@rmq1'] }, { 'rabbit@rmq3': ['rabbit@rmq1'] }])).to.deep.equal(['rmq1']);
  });

  it('names the nodes that keep a partition in their own list, which only their own restart clears (rmq1 kept listing rmq3 through eight restarts of rmq3)', () => {
    const stuck = { 'rabbit@rmq1': ['rabbit@rmq3'] };
    expect(cutOffFrom([stuck, stuck, stuck])).to.deep.equal(['rmq3']);
    expect(reportersFrom([stuck, stuck, undefined])).to.deep.equal(['rmq1']);
    expect(reportersFrom([{ 'rabbit@rmq2': ['rabbit@rmq1'], 'rabbit@rmq3': [] }, { 'rabbit@rmq1': ['rabbit@rmq2'] }])).to.deep.equal(['rmq1', 'rmq2']);
    expect(reportersFrom([{}, undefined, []])).to.deep.equal([]);
  });

  it('reads node names from atoms and pids', () => {
    expect(nodeNames('<rabbit@rmq1.1690000000.1234.0> rabbit@rmq2')).to.deep.equal(['rmq1', 'rmq2']);
  });

  it('a cluster_status that is not a JSON object counts as no answer, so the wait retries instead of failing', () => {
    expect(parseStatus('warren.verify.mirrored\t<rabbit@rmq1.1.2.3>')).to.equal(undefined);
    expect(parseStatus('[1]')).to.equal(undefined);
    expect(parseStatus('{"running_nodes":["rabbit@rmq1"],"partitions":{}}')).to.deep.equal({ running_nodes: ['rabbit@rmq1'], partitions: {} });
  });

  it("a node whose own app is not running is not whole, though another node's cluster_status counts it as running", () => {
    const status = '{"running_nodes":["rabbit@rmq1","rabbit@rmq2","rabbit@rmq3"],"partitions":{}}';
    expect(judgeWhole({ code: 0, stdout: status, stderr: '' }, 3)).to.deep.equal({ running: true, whole: true, said: '3/3 nodes running, 0 partitions' });
    expect(judgeWhole({ code: 69, stdout: '', stderr: '' }, 3)).to.include({ running: false, whole: false });
    expect(judgeWhole({ code: 69, stdout: '', stderr: '' }, 3).said).to.match(/app is not running/);
    const partitioned = '{"running_nodes":["rabbit@rmq1","rabbit@rmq2","rabbit@rmq3"],"partitions":{"rabbit@rmq1":["rabbit@rmq3"]}}';
    expect(judgeWhole({ code: 0, stdout: partitioned, stderr: '' }, 3)).to.include({ running: true, whole: false, said: '3/3 nodes running, 1 partitions' });
    expect(judgeWhole({ code: null, stdout: '', stderr: 'Killed\ncommand timed out after 20000 ms' }, 3)).to.deep.equal({
      running: false,
      whole: false,
      said: 'Killed command timed out after 20000 ms',
    });
  });
});
