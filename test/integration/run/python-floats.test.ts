import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

// Whole floats (`2.0`) through YAML, vars files, set_fact, templates, module arguments and the
// printed results. Every expected text is what ansible-core 2.14.18 gave for the same playbook
// (ansible-playbook -c local, side by side, 2026-12-02).
describe('whole floats stay floats, as in Ansible', function () {
  this.timeout(120_000);

  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'warren-floats-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local\n');
    return dir;
  }

  function run(dir: string): { code: number | null; out: string } {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), 'site.yml', '-i', 'inv.ini', '-c', 'local', '-e', `out=${dir}/out`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it('prints, writes and compares them as Ansible does; modules get numbers', () => {
    const dir = project({
      'site.yml': `- hosts: testhost
  gather_facts: false
  vars:
    y: 2.0
    l: [2.0, 1, 1.5]
    d: { a: 2.0, b: 2 }
  tasks:
  - file: { path: '{{ out }}', state: directory }
  - include_vars: { file: more.yml, name: more }
  - set_fact:
      computed: "{{ [4 / 2, y + 1] }}"
      from_file: "{{ more.z }}"
  - debug: { var: l }
  - debug: { msg: "{{ computed }}" }
  - copy: { content: "{{ d }}", dest: "{{ out }}/dict.json" }
  - copy:
      content: "{{ y }} {{ l }} {{ computed | to_json }} {{ more.z }} {{ d.a }}\\n"
      dest: "{{ out }}/text.txt"
  - pause: { seconds: 1.0 }
  - command: "true"
    register: r
    until: r is success
    retries: 2.0
    delay: 1.0
  - assert:
      that:
      - y is float and more.z is float and more.z == 3
      - computed[0] is float and l[1] is not float and from_file is string
`,
      'more.yml': 'z: 3.0\n',
    });
    const result = run(dir);
    expect(result.code, result.out).to.equal(0);
    expect(result.out).to.include('"l": [\n        2.0,\n        1,\n        1.5\n    ]');
    expect(result.out).to.include('"msg": [\n        2.0,\n        3.0\n    ]');
    expect(readFileSync(join(dir, 'out/dict.json'), 'utf8')).to.equal('{"a": 2.0, "b": 2}');
    expect(readFileSync(join(dir, 'out/text.txt'), 'utf8')).to.equal('2.0 [2.0, 1, 1.5] [2.0, 3.0] 3.0 2.0\n');
  });
});
