// The look-ahead script run by a real /bin/sh on a temp tree, its output parsed, and its answers
// compared with probeFiles' own for the same paths and options.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { lookAheadable, lookAheadScript, parseLookAhead } from '../../../../src/modules/lib/look-ahead.ts';
import { parseProbeOutput, probeScript } from '../../../../src/modules/lib/probe.ts';

const sh = (script: string) => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('file look-ahead script', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-ahead-'));
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'a file'), 'one\ntwo\n');
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'bin'), Buffer.from([0, 255, 10, 13]));
    chmodSync(join(dir, 'bin'), 0o600);
    symlinkSync('a file', join(dir, 'link'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads what probeScript reads: stat fields, hashes and whole content', () => {
    const files = ['a file', 'empty', 'bin'].map((n) => join(dir, n));
    const all = [...files, join(dir, 'd'), join(dir, 'missing'), join(dir, 'link')];
    const snapshot = parseLookAhead({ stat: all, content: files }, sh(lookAheadScript({ stat: all, content: files })));
    const own = parseProbeOutput(all, sh(probeScript(all, {})));
    const whole = parseProbeOutput(files, sh(probeScript(files, { content: true })));
    for (const [i, path] of all.entries()) {
      const seen = snapshot.get(path)!;
      expect(seen, path).to.exist;
      if (!own[i]!.exists) {
        expect(seen.stat).to.equal(undefined);
        continue;
      }
      const [fromAhead] = parseProbeOutput([path], `== 0\nstat ${seen.stat}`);
      const { linkTarget, sha256, ...rest } = own[i]!;
      expect(fromAhead).to.deep.equal({ ...rest });
      if (own[i]!.type === 'file') expect(seen.sha256).to.equal(sha256);
    }
    for (const [i, path] of files.entries()) expect(snapshot.get(path)!.content).to.deep.equal(whole[i]!.content);
  });

  it('drops all content when the stream does not match the sizes and hashes (a file changed meanwhile)', () => {
    const files = [join(dir, 'a file'), join(dir, 'bin')];
    const out = sh(lookAheadScript({ stat: files, content: files }));
    const tampered = out.replace(
      /== data\n(.*)/,
      (_m, data: string) => `== data\n${Buffer.from(`x${Buffer.from(data, 'base64').toString('latin1')}`, 'latin1').toString('base64')}`,
    );
    const snapshot = parseLookAhead({ stat: files, content: files }, tampered);
    expect(files.map((f) => snapshot.get(f)!.content)).to.deep.equal([undefined, undefined]);
    expect(snapshot.get(files[0]!)!.sha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('takes only absolute paths the output carries unambiguously', () => {
    expect(lookAheadable('/etc/motd')).to.equal(true);
    expect(lookAheadable('relative/motd')).to.equal(false);
    expect(lookAheadable('/a\nb')).to.equal(false);
    expect(lookAheadable('/a\\b')).to.equal(false);
  });
});
