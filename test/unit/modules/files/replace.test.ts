// replace's Python-regex semantics: multiline, named groups, \g<> references, after/before sections.
import { expect } from 'chai';
import { pythonReplacement, replaceInText } from '../../../../src/modules/files/replace.ts';

describe('replace (Python re semantics)', () => {
  it('is multiline and converts group references', () => {
    expect(replaceInText('a=1\nb=2\n', { regexp: '^(\\w)=(\\d)$', replace: '\\2:\\g<1>' })).to.deep.equal({ text: '1:a\n2:b\n', count: 2 });
    expect(replaceInText('x-y', { regexp: '(?P<l>\\w)-(?P=l)?(?P<r>\\w)', replace: '\\g<r>+\\g<l>' }).text).to.equal('y+x');
  });

  it('keeps a literal $ and turns \\n into a newline', () => {
    expect(pythonReplacement('cost $1\\n')).to.equal('cost $$1\n');
  });

  it('replaces only between after and before; no match leaves the text with a message', () => {
    const text = 'k=1\n[s]\nk=1\n[t]\nk=1\n';
    expect(replaceInText(text, { regexp: 'k=1', replace: 'k=2', after: '\\[s\\]', before: '\\[t\\]' }).text).to.equal('k=1\n[s]\nk=2\n[t]\nk=1\n');
    expect(replaceInText(text, { regexp: 'k=1', replace: 'k=2', after: '\\[u\\]' }).msg).to.include('did not match');
  });
});
