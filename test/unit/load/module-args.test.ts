import { expect } from 'chai';
import { validateModuleArgs } from '../../../src/load/module-args.ts';
import { parseFreeForm } from '../../../src/load/free-form.ts';
import { fakeModules } from './fake-modules.ts';

const def = (name: string) => fakeModules.find((m) => m.name === name)!;
const loc = { file: 'site.yml', line: 7, col: 5 };

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

describe('validateModuleArgs (rendered arguments)', () => {
  it('accepts valid arguments', () => {
    expect(messageOf(() => validateModuleArgs(def('copy'), { dest: '/x', content: 'y', backup: true }, loc))).to.equal('');
  });

  it('names unknown arguments with the nearest known one', () => {
    expect(messageOf(() => validateModuleArgs(def('copy'), { dest: '/x', dset: 'y' }, loc))).to.equal(
      "site.yml:7:5: copy: unknown argument 'dset' (did you mean 'dest'?)",
    );
  });

  it('explains enum, type and required problems in plain words', () => {
    expect(messageOf(() => validateModuleArgs(def('file'), { path: '/x', state: 'present' }, loc))).to.contain(
      "file: 'state' must be one of directory, file, touch, absent, link",
    );
    expect(messageOf(() => validateModuleArgs(def('copy'), { dest: '/x', backup: 'maybe' }, loc))).to.contain("copy: 'backup' must be a boolean");
    expect(messageOf(() => validateModuleArgs(def('copy'), { content: 'x' }, loc))).to.contain("copy: missing required argument 'dest'");
  });
});

describe('free-form arguments', () => {
  it('keeps the command text and takes out known key=value options', () => {
    expect(parseFreeForm(def('command'), 'echo "a  b" chdir=/tmp x=1', loc)).to.deep.equal({ cmd: 'echo "a  b" x=1', chdir: '/tmp' });
    expect(parseFreeForm(def('command'), 'echo   spaced', loc)).to.deep.equal({ cmd: 'echo   spaced' });
  });

  it('reads key=value pairs for modules without free form, coercing to the schema type', () => {
    expect(parseFreeForm(def('copy'), 'dest=/x content="a b" backup=yes', loc)).to.deep.equal({ dest: '/x', content: 'a b', backup: true });
  });

  it("unquotes only a value quoted as a whole, as Ansible's parse_kv (var=d['c'] keeps its quotes)", () => {
    expect(parseFreeForm(def('debug'), "var=mydict['c']", loc)).to.deep.equal({ var: "mydict['c']" });
    expect(parseFreeForm(def('debug'), 'msg="say \\"hi\\""', loc)).to.deep.equal({ msg: 'say "hi"' });
  });

  it('rejects bare words for modules without free form', () => {
    expect(messageOf(() => parseFreeForm(def('file'), 'path=/x touch', loc))).to.equal(
      "site.yml:7:5: file: free-form text 'touch' is not accepted; write key=value pairs or a mapping",
    );
  });
});
