import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { ansibleConfig, toAnsiblePlaybook } from '../../../bench/lib/ansible.ts';
import { parseRecap } from '../../../bench/lib/measure.ts';
import { parseBenchOptions } from '../../../bench/lib/options.ts';
import { buildRows, evaluateTargets } from '../../../bench/lib/report.ts';
import { summarize } from '../../../bench/lib/stats.ts';

describe('bench helpers', () => {
  it('sums the PLAY RECAP lines of either tool', () => {
    const out = [
      'PLAY RECAP *********************************************************************',
      'node1                      : ok=20   changed=3    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0',
      'node2                      : ok=19   changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   ',
    ].join('\n');
    expect(parseRecap(out)).to.deep.equal({ hosts: 2, ok: 39, changed: 3, unreachable: 0, failed: 1, skipped: 1 });
  });

  it('points the Ansible copy of a playbook at the Jinja2 templates and changes nothing else', async () => {
    const text = await readFile(new URL('../../../bench/playbooks/tasks20.yml', import.meta.url), 'utf8');
    const converted = toAnsiblePlaybook(text);
    expect(converted).to.not.match(/src: [\w.]+\.hbs/);
    expect(converted.match(/src: [\w.]+\.j2/g)).to.have.length(4);
    expect(converted.replace(/(src: [\w.]+)\.j2/g, '$1.hbs')).to.equal(text);
  });

  it('writes an ansible.cfg with pipelining, ControlPersist, the forks and strict host keys', () => {
    const cfg = ansibleConfig({ forks: 50, knownHostsFile: '/lab/known_hosts', controlDir: '/w/cp' });
    expect(cfg).to.include('pipelining = True').and.include('forks = 50').and.include('gathering = explicit');
    expect(cfg).to.include('-o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes');
  });

  it('summarizes samples with median, min-max and quartiles', () => {
    expect(summarize([5, 1, 3])).to.deep.equal({ n: 3, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
    expect(summarize([])).to.equal(undefined);
  });

  it('builds rows with the ansible/warren ratio and judges the targets', () => {
    const samples = [
      { tool: 'warren' as const, workload: 'converged' as const, hosts: 50, ms: 2000, peakRssKb: 150 * 1024 },
      { tool: 'ansible' as const, workload: 'converged' as const, hosts: 50, ms: 30000 },
    ];
    const rows = buildRows(samples, [50]);
    expect(rows).to.have.length(1);
    expect(rows[0]!.ratios.ansible).to.equal(15);
    const targets = evaluateTargets(rows, [{ hosts: 50, warrenMs: 9, floorMs: 4 }], { hosts: 50, peakMiB: { warren: 150 } });
    expect(targets.map((t) => `${t.met}`)).to.deep.equal(['true', 'false', 'true', 'true']);
  });

  it('parses the flags and refuses bad numbers', () => {
    const options = parseBenchOptions(['--runs', '3', '--hosts', '10,1', '--keep-lab']);
    expect(options).to.include({ runs: 3, keepLab: true, forks: 50 });
    expect(options !== 'help' && options.hostCounts).to.deep.equal([1, 10]);
    expect(() => parseBenchOptions(['--runs', '0'])).to.throw('--runs must be a whole number');
    expect(parseBenchOptions(['--help'])).to.equal('help');
  });
});
