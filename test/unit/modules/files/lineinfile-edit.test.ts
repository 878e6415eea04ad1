import { expect } from 'chai';
import { editLines, expandBackrefs } from '../../../../src/modules/files/lineinfile-edit.ts';
import { ModuleFailure } from '../../../../src/modules/module.ts';

describe('lineinfile placement (Ansible semantics)', () => {
  it('replaces the last line matching regexp', () => {
    const r = editLines('a=1\nb=2\na=3\n', { regexp: '^a=', line: 'a=9' });
    expect(r).to.deep.equal({ text: 'a=1\nb=2\na=9\n', changed: true, msg: 'line replaced' });
  });

  it('replaces the first match with firstmatch', () => {
    expect(editLines('a=1\nb=2\na=3\n', { regexp: '^a=', line: 'a=9', firstmatch: true }).text).to.equal('a=9\nb=2\na=3\n');
  });

  it('is unchanged when the matched line already equals line', () => {
    expect(editLines('a=1\nlisteners.tcp = 5672\n', { regexp: '^listeners', line: 'listeners.tcp = 5672' }).changed).to.equal(false);
  });

  it('appends at EOF when nothing matches and no anchor is given', () => {
    expect(editLines('x\n', { line: 'y' })).to.deep.equal({ text: 'x\ny\n', changed: true, msg: 'line added' });
  });

  it('adds the missing final newline before appending', () => {
    expect(editLines('x', { line: 'y' }).text).to.equal('x\ny\n');
  });

  it('creates content for an empty file', () => {
    expect(editLines('', { line: 'only' }).text).to.equal('only\n');
  });

  it('does nothing when the exact line exists, even with regexp that does not match', () => {
    const r = editLines('a\nkeep me\nb\n', { regexp: '^nomatch', line: 'keep me', insertafter: '^b' });
    expect(r.changed).to.equal(false);
  });

  it('inserts after the LAST line matching insertafter', () => {
    const r = editLines('[s]\nx=1\n[s]\ny=2\n', { line: 'new', insertafter: '^\\[s\\]' });
    expect(r.text).to.equal('[s]\nx=1\n[s]\nnew\ny=2\n');
  });

  it('inserts after the FIRST anchor with firstmatch', () => {
    const r = editLines('[s]\nx=1\n[s]\ny=2\n', { line: 'new', insertafter: '^\\[s\\]', firstmatch: true });
    expect(r.text).to.equal('[s]\nnew\nx=1\n[s]\ny=2\n');
  });

  it('inserts after an anchor on the last line', () => {
    expect(editLines('a\nanchor', { line: 'new', insertafter: '^anchor' }).text).to.equal('a\nanchor\nnew\n');
  });

  it('inserts before the last line matching insertbefore', () => {
    expect(editLines('a\n# end\nb\n# end\n', { line: 'new', insertbefore: '^# end' }).text).to.equal('a\n# end\nb\nnew\n# end\n');
  });

  it('inserts at the beginning with insertbefore BOF or insertafter BOF', () => {
    expect(editLines('a\n', { line: 'first', insertbefore: 'BOF' }).text).to.equal('first\na\n');
    expect(editLines('a\n', { line: 'first', insertafter: 'BOF' }).text).to.equal('first\na\n');
  });

  it('falls back to EOF when the insertafter anchor is not found', () => {
    expect(editLines('a\n', { line: 'z', insertafter: '^nothing' }).text).to.equal('a\nz\n');
  });

  it('ignores insertafter when regexp matches', () => {
    expect(editLines('port=1\nanchor\n', { regexp: '^port=', line: 'port=2', insertafter: '^anchor' }).text).to.equal('port=2\nanchor\n');
  });

  it('expands backrefs from the regexp match', () => {
    const r = editLines('ListenAddress 0.0.0.0\n', { regexp: '^(ListenAddress) .*$', line: '\\1 127.0.0.1', backrefs: true });
    expect(r.text).to.equal('ListenAddress 127.0.0.1\n');
  });

  it('leaves the file alone with backrefs when regexp does not match', () => {
    expect(editLines('a\n', { regexp: '^(b)', line: '\\1 x', backrefs: true })).to.deep.equal({ text: 'a\n', changed: false, msg: '' });
  });

  it('supports Python named groups in regexp and \\g<name> in backrefs', () => {
    const m = /(?<key>\w+)=(\d)/.exec('port=5')!;
    expect(expandBackrefs('\\g<key>: \\2', m)).to.equal('port: 5');
    expect(editLines('port=5\n', { regexp: '(?P<k>\\w+)=5', line: '\\g<k>=6', backrefs: true }).text).to.equal('port=6\n');
  });

  it('matches search_string literally', () => {
    expect(editLines('a.b=1\naxb=1\n', { search_string: 'a.b', line: 'a.b=2' }).text).to.equal('a.b=2\naxb=1\n');
  });

  it('removes every matching line with state=absent and counts them', () => {
    const r = editLines('# c1\nx\n# c2\n', { regexp: '^#', state: 'absent' });
    expect(r).to.deep.equal({ text: 'x\n', changed: true, msg: '2 line(s) removed' });
  });

  it('removes exact lines only with state=absent and line', () => {
    expect(editLines('foo\nfoobar\n', { line: 'foo', state: 'absent' }).text).to.equal('foobar\n');
  });

  it('rejects contradictory arguments', () => {
    expect(() => editLines('', { line: 'x', insertafter: 'a', insertbefore: 'b' })).to.throw(ModuleFailure, /mutually exclusive/);
    expect(() => editLines('', { line: 'x', backrefs: true })).to.throw(ModuleFailure, /regexp is required/);
    expect(() => editLines('', {})).to.throw(ModuleFailure, /line is required/);
  });
});
