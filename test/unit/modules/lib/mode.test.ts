import { expect } from 'chai';
import { applySymbolicMode, resolveMode } from '../../../../src/modules/lib/mode.ts';
import { ModuleFailure } from '../../../../src/modules/module.ts';

describe('file modes', () => {
  it('accepts octal strings with and without a leading zero, and numbers as mode values', () => {
    expect(resolveMode('0644', 0, false)).to.equal('0644');
    expect(resolveMode('644', 0, false)).to.equal('0644');
    expect(resolveMode(0o600, 0, false)).to.equal('0600');
    expect(resolveMode('4755', 0, false)).to.equal('4755');
  });

  it('resolves symbolic modes against the current mode', () => {
    expect(resolveMode('u=rw,g=r,o=r', 0o777, false)).to.equal('0644');
    expect(resolveMode('g+w', 0o644, false)).to.equal('0664');
    expect(resolveMode('go-rwx', 0o755, false)).to.equal('0700');
    expect(resolveMode('a+x', 0o644, false)).to.equal('0755');
    expect(resolveMode('+x', 0o600, false)).to.equal('0711');
  });

  it('gives X to directories and already-executable files only', () => {
    expect(applySymbolicMode(0o600, 'u=rwX,g=rX,o=rX', true)).to.equal(0o755);
    expect(applySymbolicMode(0o600, 'u=rwX,g=rX,o=rX', false)).to.equal(0o644);
    expect(applySymbolicMode(0o700, 'u=rwX,g=rX,o=rX', false)).to.equal(0o755);
  });

  it('handles setgid, sticky and copying from another class', () => {
    expect(applySymbolicMode(0o755, 'g+s', true)).to.equal(0o2755);
    expect(applySymbolicMode(0o777, 'o+t', true)).to.equal(0o1777);
    expect(applySymbolicMode(0o740, 'o=g', false)).to.equal(0o744);
  });

  it('rejects nonsense', () => {
    expect(() => resolveMode('rwxr-xr-x', 0, false)).to.throw(ModuleFailure, /octal or symbolic/);
    expect(() => resolveMode('99', 0, false)).to.throw(ModuleFailure);
    expect(() => resolveMode(0o17777, 0, false)).to.throw(ModuleFailure);
  });
});
