import { expect } from 'chai';
import { type CaseResult, matrixCases, renderMatrixHtml, summarise } from '../../../src/verify/matrix.ts';
import type { FaultRecord, VerifyReport } from '../../../src/verify/report.ts';

const fault = (over: Partial<FaultRecord>): FaultRecord =>
  ({ leaderAtInjection: 'rmq1', leaderAfter: 'rmq2', confirmedDuringFault: 10, producerRecoveryMs: 500, ...over }) as FaultRecord;
const report = (over: Partial<VerifyReport>): VerifyReport =>
  ({ confirmed: 100, lost: 0, unexpected: 0, duplicates: 0, maxConfirmGapMs: 700, problems: [], faults: [fault({})], ...over }) as VerifyReport;

describe('verify matrix: cases and summaries', () => {
  it('has 16 cases: two queue types by two partition handlings by four scenarios', () => {
    const cases = matrixCases('partition');
    expect(cases).to.have.length(16);
    expect(new Set(cases.map((c) => `${c.handling}/${c.queueType}/${c.scenario.label}`)).size).to.equal(16);
    expect(cases.filter((c) => c.scenario.fault === 'partition-nodes').every((c) => c.scenario.clients === 'direct' && c.scenario.node === 'leader')).to.equal(
      true,
    );
  });

  it('sums runs, keeps the worst gap and recovery and the smallest confirmed-during-fault, and lists run errors and problems', () => {
    const result: CaseResult = {
      handling: 'autoheal',
      queueType: 'mirrored',
      scenario: 'partition-nodes leader, direct clients',
      runs: [
        { passed: true, report: report({ faults: [fault({ confirmedDuringFault: 40, producerRecoveryMs: 9000 })] }) },
        {
          passed: false,
          report: report({
            lost: 3,
            maxConfirmGapMs: 4000,
            problems: ['node rmq1 did not rejoin'],
            faults: [fault({ confirmedDuringFault: 5, leaderAfter: 'rmq3' })],
          }),
        },
        { passed: false, error: 'no leader' },
      ],
    };
    const s = summarise(result);
    expect(s).to.include({ case: 'mirrored / autoheal / partition-nodes leader, direct clients', runs: 3, passedRuns: 1, confirmed: 200, lost: 3 });
    expect(s).to.include({ maxConfirmGapMs: 4000, recoveryMs: 9000, confirmedDuringFault: 5, leaderMoved: 'rmq1 → rmq2, rmq1 → rmq3' });
    expect(s.errors).to.deep.equal(['node rmq1 did not rejoin', 'no leader']);
    const html = renderMatrixHtml([result], { date: 'd', machine: 'm', settings: 's' });
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.contain('mirrored / autoheal / partition-nodes leader, direct clients').and.contain('class="bad"');
    expect(html).to.contain('never had to start or restart a node');
  });

  it('lists, escaped, every node the matrix had to start or restart between cases', () => {
    const html = renderMatrixHtml([], { date: 'd', machine: 'm', settings: 's', interventions: ['started RabbitMQ on rmq1 again: <app> not running'] });
    expect(html).to.contain('<li>started RabbitMQ on rmq1 again: &lt;app&gt; not running</li>');
  });
});
