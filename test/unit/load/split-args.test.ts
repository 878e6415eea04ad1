import { expect } from 'chai';
import { splitArgs } from '../../../src/load/split-args.ts';
import { parseFreeForm } from '../../../src/load/free-form.ts';
import { shellModule } from '../../../src/modules/commands/shell.ts';

const loc = { file: 'x.yml', line: 1, col: 1 };

describe("free-form words as Ansible's split_args makes them", () => {
  it('keeps runs of spaces and quoted or templated words whole', () => {
    expect(splitArgs('a  b "c d" {{ x | y }} k=v', loc)).to.deep.equal(['a ', 'b', '"c d"', '{{ x | y }}', 'k=v']);
  });

  it('joins a line ending in a lone backslash, keeps other line ends', () => {
    const text = 'echo a \\\n"b c" \\\n"d\ne" | tr a b\necho f\n';
    const args = parseFreeForm(shellModule, text, loc);
    expect(args.cmd).to.equal('echo a "b c" "d\ne" | tr a b\necho f\n');
  });

  it('takes key=value options out and rejoins the rest', () => {
    expect(parseFreeForm(shellModule, 'ls -l chdir=/tmp creates="/x y"', loc)).to.deep.equal({ chdir: '/tmp', creates: '/x y', cmd: 'ls -l' });
  });

  it('rejects an unbalanced quote or template', () => {
    expect(() => splitArgs('echo "a', loc)).to.throw(/unbalanced/);
    expect(() => splitArgs('echo {{ a', loc)).to.throw(/unbalanced/);
  });
});
