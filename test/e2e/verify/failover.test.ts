// Issue 7's proof on the lab: for the first node and another one, with stop, kill and a network
// partition, on mirrored (ha-all) and quorum queues, no confirmed message is lost and nothing
// unexpected is consumed, with thousands of messages published across the fault.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLab } from '../../support/lab.ts';
import { root, runPlaybook } from '../rabbitmq/helpers.ts';
import type { VerifyReport } from '../../../src/verify/run.ts';

const run = promisify(execFile);
const HOSTS = ['rmq1', 'rmq2', 'rmq3', 'lb1'];
const MESSAGES = 6000;

interface Outcome {
  code: number;
  report: VerifyReport;
  log: string;
}

async function verify(inventory: string, passwordFile: string, args: string[]): Promise<Outcome> {
  const reportDir = mkdtempSync(join(tmpdir(), 'warren-verify-'));
  const argv = ['bin/warren.js', 'verify', '-i', inventory, '--vault-password-file', passwordFile, '--json', '--report', reportDir, ...args];
  let code = 0;
  let log = '';
  try {
    ({ stderr: log } = await run('node', argv, { cwd: root, maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    code = typeof e.code === 'number' ? e.code : 1;
    log = e.stderr ?? '';
  }
  const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as VerifyReport;
  expect(readFileSync(join(reportDir, 'chart.svg'), 'utf8')).to.match(/^<svg/);
  return { code, report, log };
}

describe('warren verify: failover without losing a confirmed message (lab)', function () {
  this.timeout(30 * 60_000);
  let inventory = '';
  let passwordFile = '';

  before(async () => {
    const lab = await ensureLab({ hosts: HOSTS });
    inventory = lab.inventoryPath;
    passwordFile = join(dirname(lab.inventoryPath), '.vault_pass');
    const deployed = await runPlaybook(lab, passwordFile, 'playbooks/site.yml');
    expect(deployed.code, deployed.output.slice(-3000)).to.equal(0);
  });

  for (const queueType of ['quorum', 'mirrored']) {
    for (const fault of ['stop', 'kill', 'partition']) {
      for (const node of ['first', 'rmq2']) {
        it(`${queueType} queue, ${fault} ${node}: lost=0, unexpected=0`, async () => {
          const { code, report, log } = await verify(inventory, passwordFile, [
            '--queue-type', queueType, '--fault', fault, '--node', node,
            '--messages', String(MESSAGES), '--rate', '400', '--hold', '8',
          ]);
          const summary = `${JSON.stringify({ ...report, lostSample: report.lostSample.slice(0, 5) })}\n${log.slice(-2000)}`;
          expect(report.faults, summary).to.have.length(1);
          expect(report.faults[0]!.node).to.equal(node === 'first' ? 'rmq1' : node);
          expect(MESSAGES - report.faults[0]!.confirmedAtInjection, 'published across the fault').to.be.at.least(2000);
          expect(report.confirmed, summary).to.equal(MESSAGES);
          expect(report.lost, summary).to.equal(0);
          expect(report.unexpected, summary).to.equal(0);
          expect(code, summary).to.equal(0);
        });
      }
    }
  }

  it('--fault none: a healthy run accounts for every message and exits 0', async () => {
    const { code, report } = await verify(inventory, passwordFile, ['--queue-type', 'quorum', '--fault', 'none', '--messages', '500']);
    expect(report.faults).to.have.length(0);
    expect(report).to.include({ confirmed: 500, lost: 0, unexpected: 0 });
    expect(code).to.equal(0);
  });
});
