import { expect } from 'chai';
import { formatRecap, formatRecapLine, headerLine } from '../../../src/report/recap.ts';
import { renderDiff } from '../../../src/report/diff.ts';
import { emptyStats } from '../../../src/run/stats.ts';

describe('PLAY RECAP formatting', () => {
  it('pads like Ansible: host to 26 columns, counters key=%-4s', () => {
    const line = formatRecapLine('h1', { ...emptyStats(), ok: 3, changed: 1 });
    expect(line).to.equal('h1                         : ok=3    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ');
  });
  it('lists hosts sorted under a starred header', () => {
    const text = formatRecap({ h2: emptyStats(), h1: { ...emptyStats(), failed: 1 } });
    const lines = text.split('\n');
    expect(lines[1]).to.match(/^PLAY RECAP \*+$/);
    expect(lines[1]!.length).to.equal(80);
    expect(lines[2]).to.match(/^h1 +: ok=0 +changed=0 +unreachable=0 +failed=1 /);
    expect(lines[3]).to.match(/^h2 /);
  });
  it('headers are 80 columns wide with at least three stars', () => {
    expect(headerLine('TASK [x]').length).to.equal(80);
    expect(headerLine(`TASK [${'y'.repeat(100)}]`).endsWith(' ***')).to.equal(true);
  });
});

describe('diff rendering', () => {
  it('prints a unified diff with before/after headers', () => {
    const text = renderDiff({ before: 'a\nb\n', after: 'a\nc\n', before_header: '/etc/x.conf' });
    expect(text).to.contain('--- before: /etc/x.conf');
    expect(text).to.contain('+++ after: /etc/x.conf');
    expect(text).to.contain('-b\n+c');
    expect(text).not.to.match(/^=+$/m);
  });
});
