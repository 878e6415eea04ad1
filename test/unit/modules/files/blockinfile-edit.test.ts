// blockinfile's edit against answers ansible-core 2.14's blockinfile gave for the same input.
import { expect } from 'chai';
import { editBlock } from '../../../../src/modules/files/blockinfile-edit.ts';

const CASES: Array<[string, Record<string, string>, string, string]> = [
  ['a\nb\nc\n', { block: 'x\ny' }, 'a\nb\nc\n# BEGIN ANSIBLE MANAGED BLOCK\nx\ny\n# END ANSIBLE MANAGED BLOCK\n', 'Block inserted'],
  ['a\nb\nc', { block: 'x' }, 'a\nb\nc\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', 'Block inserted'],
  ['a\nb\nc\n', { block: 'x', insertbefore: 'BOF' }, '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\na\nb\nc\n', 'Block inserted'],
  ['a\nb\na2\nc\n', { block: 'x', insertafter: '^a' }, 'a\nb\na2\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nc\n', 'Block inserted'],
  ['a\nb\na2\nc\n', { block: 'x', insertbefore: '^a' }, 'a\nb\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\na2\nc\n', 'Block inserted'],
  [
    'a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nc\n',
    { block: 'new' },
    'a\n# BEGIN ANSIBLE MANAGED BLOCK\nnew\n# END ANSIBLE MANAGED BLOCK\nc\n',
    'Block inserted',
  ],
  ['a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nc\n', { state: 'absent' }, 'a\nc\n', 'Block removed'],
  ['a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nc\n', { block: '' }, 'a\nc\n', 'Block removed'],
  ['a\nb\nc\n', { block: 'x', insertafter: '(?m)^b\\nc' }, 'a\nb\nc\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', 'Block inserted'],
  ['a\nb\nc\n', { block: 'x', insertafter: 'nomatch' }, 'a\nb\nc\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', 'Block inserted'],
  [
    'a\n<!-- S -->\nold\n<!-- E -->\n',
    { block: 'n', marker: '<!-- {mark} -->', marker_begin: 'S', marker_end: 'E' },
    'a\n<!-- S -->\nn\n<!-- E -->\n',
    'Block inserted',
  ],
];

describe('blockinfile edit (Ansible answers)', () => {
  for (const [original, args, text, msg] of CASES) {
    it(`${JSON.stringify(args)} on ${JSON.stringify(original)}`, () => {
      const out = editBlock(original, args);
      expect(out.text).to.equal(text);
      expect(out.changed ? out.msg : '').to.equal(msg);
    });
  }
  it('creates a file holding only the block', () => {
    expect(editBlock(undefined, { block: 'x' })).to.deep.equal({
      text: '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n',
      msg: 'File created',
      changed: true,
    });
  });
});
