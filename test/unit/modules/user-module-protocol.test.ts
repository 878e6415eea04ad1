// How a user module's file is classified (Ansible's module_common rules) and how its output is
// read (Ansible's _parse_returned_data): pure functions, no host.
import { expect } from 'chai';
import { moduleShape } from '../../../src/modules/library/module-style.ts';
import { moduleOutput } from '../../../src/modules/library/module-output.ts';
import { ModuleFailure } from '../../../src/modules/module.ts';

const where = { module: 'mine', file: '/p/library/mine.py', host: 'h1' };
const exec = (stdout: string, code = 0, stderr = '') => ({ code, signal: null, stdout, stderr, durationMs: 1 });

describe('user module protocol', () => {
  it('classifies files as Ansible does: new-style python, WANT_JSON, old-style, binary', () => {
    expect(moduleShape('m.py', Buffer.from('#!/usr/bin/python\nfrom ansible.module_utils.basic import AnsibleModule\n'))).to.deep.equal({ style: 'new' });
    expect(moduleShape('m', Buffer.from('#!/usr/bin/env python3\nimport ansible.module_utils.basic\n'))).to.deep.equal({ style: 'new' });
    expect(moduleShape('m.py', Buffer.from('#!/usr/bin/python\n# WANT_JSON\nimport json\n'))).to.deep.equal({ style: 'json' });
    expect(moduleShape('m.sh', Buffer.from('#!/bin/sh\n# WANT_JSON\n'))).to.deep.equal({ style: 'json', interpreter: ['/bin/sh'] });
    expect(moduleShape('m', Buffer.from('#!/usr/bin/env bash\n. "$1"\n'))).to.deep.equal({ style: 'old', interpreter: ['/usr/bin/env', 'bash'] });
    expect(moduleShape('m', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]))).to.deep.equal({ style: 'json', interpreter: [] });
  });

  it('reads the JSON between junk lines, drops _ansible_ keys at any depth and invocation, adds stdout_lines', () => {
    const r = moduleOutput(
      exec(
        'motd noise\n{"changed": true, "stdout": "a\\nb\\n", "nested": {"_ansible_no_log": false, "keep": 1}, "_ansible_verbose_always": true,\n "invocation": {"module_args": {}}}\ntrailing\n',
      ),
      where,
    );
    expect(r).to.deep.equal({ changed: true, stdout: 'a\nb\n', stdout_lines: ['a', 'b'], nested: { keep: 1 } });
  });

  it('output that is not a JSON object is a MODULE FAILURE carrying the raw output', () => {
    try {
      moduleOutput(exec('Traceback (most recent call last):\n', 1, 'ImportError: x\n'), where);
      expect.fail('no failure');
    } catch (err) {
      expect(err).to.be.instanceOf(ModuleFailure);
      expect((err as ModuleFailure).message).to.equal('MODULE FAILURE\nSee stdout/stderr for the exact error');
      expect((err as ModuleFailure).result).to.deep.equal({ module_stdout: 'Traceback (most recent call last):\n', module_stderr: 'ImportError: x\n', rc: 1 });
    }
  });

  it("a module's own failed result is kept as its result (failed as a boolean)", () => {
    expect(moduleOutput(exec('{"failed": 1, "msg": "no"}\n', 1), where)).to.deep.equal({ failed: true, msg: 'no', changed: false });
  });
});
