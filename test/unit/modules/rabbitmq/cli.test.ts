import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { jsonEqual, parseJsonOutput, parseProbeOutput, probeScript, toNameList } from '../../../../src/modules/rabbitmq/cli.ts';

describe('rabbitmq cli framing', () => {
  it('splits one round trip into sections with their own exit codes', () => {
    // Runs the generated script in a real shell with stand-in commands.
    const script = probeScript([
      { key: 'a', command: 'printf "[1,2]\\n"' },
      { key: 'b', command: 'echo oops >&2; exit 3' },
      { key: 'c', command: 'true' },
    ]).replace('command -v rabbitmqctl', 'command -v sh');
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
    const parsed = parseProbeOutput(out);
    expect(parsed.missing).to.equal(false);
    expect(parsed.sections.a).to.deep.equal({ rc: 0, output: '[1,2]' });
    expect(parsed.sections.b).to.deep.equal({ rc: 3, output: 'oops' });
    expect(parsed.sections.c).to.deep.equal({ rc: 0, output: '' });
  });

  it('reports a host without rabbitmqctl as missing', () => {
    const script = probeScript([{ key: 'a', command: 'true' }]).replace('command -v rabbitmqctl', 'command -v no-such-cli-here');
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
    expect(parseProbeOutput(out).missing).to.equal(true);
  });

  it('finds the JSON after a warning line and treats empty -q output as an empty list', () => {
    expect(parseJsonOutput('warning: something\n[{"name":"/"}]', 'x')).to.deep.equal([{ name: '/' }]);
    expect(parseJsonOutput('', 'x')).to.deep.equal([]);
    expect(() => parseJsonOutput('Error: unable to perform an operation', 'list_users')).to.throw(/list_users: no JSON/);
  });

  it('compares JSON ignoring key order but not array order', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).to.equal(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).to.equal(false);
    expect(jsonEqual({ a: 1 }, { a: '1' })).to.equal(false);
  });

  it('accepts names as a comma list or a list', () => {
    expect(toNameList('a, b,,c')).to.deep.equal(['a', 'b', 'c']);
    expect(toNameList(['x'])).to.deep.equal(['x']);
  });
});
