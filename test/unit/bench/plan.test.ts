// `npm run bench -- --all`: every figure of issue 16 in one run. The plan (--plan prints it without
// running anything) and the printed report of such a run, from made-up samples.
import { expect } from 'chai';
import { resolve } from 'node:path';
import { parseBenchOptions, type BenchOptions } from '../../../bench/lib/options.ts';
import { benchPlan, largestPeerCount, toolsAt } from '../../../bench/lib/plan.ts';
import { buildRows, evaluateTargets, formatReport, type BenchResult } from '../../../bench/lib/report.ts';
import { summarize } from '../../../bench/lib/stats.ts';
import type { Tool } from '../../../bench/lib/tools.ts';
import type { Sample } from '../../../bench/lib/workloads.ts';

const options = (argv: string[]) => parseBenchOptions(argv) as BenchOptions;

describe('bench --all: every figure in one run', () => {
  it('plans the four tools at 1, 10 and 50 hosts, warren alone up to 200, RabbitMQ and start-up', () => {
    const all = options(['--all']);
    expect(all.hostCounts).to.deep.equal([1, 10, 50, 100, 200]);
    expect(all.tools).to.deep.equal(['warren', 'pyinfra', 'mitogen', 'ansible']);
    expect([1, 50, 100, 200].map((h) => toolsAt(all, h).length)).to.deep.equal([4, 4, 1, 1]);
    expect(largestPeerCount(all)).to.equal(50);
    expect(all.rabbitmqInventory).to.equal(resolve('inventories/lab/hosts.yml'));
    expect(all.vaultPasswordFile).to.equal(resolve('inventories/lab/.vault_pass'));
    expect([all.startup, all.plan, all.label, all.forks]).to.deep.equal([true, false, 'all-figures', 200]);
    expect(() => parseBenchOptions(['--all', '--scale'])).to.throw(/--all or --scale/);
  });

  it('--plan names what each host count runs, without running it', () => {
    const plan = benchPlan(options(['--all', '--plan', '--runs', '3', '--ansible-runs', '1']));
    const lines = plan.split('\n');
    expect(lines[0]).to.equal('npm run bench plan: 3 runs per figure (ansible-playbook 1), tools alternating, forks/parallel 200');
    expect(lines.filter((l) => /^ {2}\d+ host\(s\): /.test(l)).map((l) => l.split(':').slice(0, 2).join(':').trim())).to.deep.equal([
      '1 host(s): warren, pyinfra, ansible+mitogen, ansible-playbook',
      '10 host(s): warren, pyinfra, ansible+mitogen, ansible-playbook',
      '50 host(s): warren, pyinfra, ansible+mitogen, ansible-playbook',
      '100 host(s): warren',
      '200 host(s): warren',
    ]);
    expect(plan).to.contain('lab `bench`: 200 hosts; python3-minimal on the first 50');
    expect(plan).to.contain(`RabbitMQ: site.yml converged re-run on ${resolve('inventories/lab/hosts.yml')}`);
    expect(plan).to.contain('start-up: warren --version');
    expect(benchPlan(options(['--plan', '--hosts', '1'])))
      .to.contain('RabbitMQ: skipped')
      .and.not.contain('start-up:');
  });

  it('prints peers side by side where they ran, the scale curve to 200, RabbitMQ and start-up', () => {
    const all = options(['--all']);
    const samples: Sample[] = [];
    const base: Record<Tool, number> = { warren: 400, pyinfra: 2000, mitogen: 5000, ansible: 9000 };
    for (const hosts of all.hostCounts)
      for (const tool of toolsAt(all, hosts))
        for (const [i, ms] of [0.9, 1, 1.1].entries())
          samples.push({ tool, workload: 'converged', hosts, ms: base[tool] * ms * (1 + hosts / 100), changed: 0, peakRssKb: 100_000 + i });
    const rows = buildRows(samples, all.hostCounts);
    const memory = { hosts: 200, peakMiB: { warren: 97.7 } };
    const rabbit = summarize([1400, 1500, 1600])!;
    const result: BenchResult = {
      machine: { date: '2026-12-02', hostname: 'vm', nproc: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, kernel: '6', node: 'v20' },
      options: { runs: 3, ansibleRuns: 3, forks: 200, hostCounts: all.hostCounts },
      versions: { warren: '0.1.0' },
      tools: all.tools,
      rows,
      perTask: [],
      memory,
      equivalence: [],
      notConverged: [],
      rabbitmq: { inventory: 'i', hosts: ['lb1', 'rmq1', 'rmq2', 'rmq3'], tasksPerHost: 47, warren: rabbit, floor: rabbit },
      startup: 'start-up, 10 runs each, from dist/bundle',
      targets: evaluateTargets(rows, [], memory),
      samples,
    };
    const report = formatReport(result);
    const row = (hosts: number) => report.split('\n').find((l) => l.startsWith('20 tasks, converged') && l.split(/\s{2,}/)[1] === String(hosts))!;
    expect(row(50)).to.contain('5.0x').and.contain('22.5x');
    expect(
      row(200)
        .split(/\s{2,}/)
        .slice(2),
    ).to.deep.equal(['1.20 s (1.08–1.32)', '-', '-', '-']);
    expect(report).to.match(/20 tasks, converged, warren +1: 0\.40 s -> .* -> 200: 1\.20 s \(x2\.97\)/);
    expect(report).to.contain('RabbitMQ site.yml converged, 4 hosts, 47 tasks on the busiest host: warren 1.50 s');
    expect(report).to.contain('\nstart-up, 10 runs each');
    expect(report).to.contain('[met] converged re-run >= 5x faster than pyinfra, 50 host(s): 5.0x');
    expect(report).to.contain('[met] 200 hosts x 20 tasks converged under 6 s: 1.20 s');
  });
});
