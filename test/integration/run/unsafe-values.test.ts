import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSiteIn } from './helpers.ts';

// Ansible's unsafe values: registered output, with_* items and `!unsafe` text are never templated
// again, and hostvars leaves a template naming a variable the host lacks as written. Every
// expected text is what ansible-core 2.14.18 wrote for the same playbook (2026-12-02).
describe('unsafe values are never templated again, as in Ansible', function () {
  this.timeout(120_000);

  it('registered output, lookup items and !unsafe text stay as written; other set_fact values render when read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-unsafe-'));
    mkdirSync(join(dir, 'roles/r/tasks'), { recursive: true });
    mkdirSync(join(dir, 'roles/r/vars'), { recursive: true });
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local\n');
    writeFileSync(join(dir, 'site.yml'), '- hosts: testhost\n  gather_facts: false\n  roles: [r]\n');
    writeFileSync(join(dir, 'roles/r/vars/main.yml'), "ver: '1.0'\n");
    writeFileSync(join(dir, 'roles/r/iv.yml'), '__foo:\n  - "foo{{ ver }}"\n');
    writeFileSync(
      join(dir, 'roles/r/tasks/main.yml'),
      `- include_vars: "{{ role_path }}/iv.yml"
- set_fact: "{{ item.key }}={{ hostvars[inventory_hostname][item.value] }}"
  with_dict: { from_lookup: __foo }
- set_fact: "{{ item.key }}={{ hostvars[inventory_hostname][item.value] }}"
  loop: "{{ {'from_template': '__foo'} | dict2items }}"
- command: echo '{{ "{{" }} ver }}'
  register: r
- set_fact: { s: "{{ r.stdout }}", t: "{{ r.stdout_lines }}" }
- copy:
    dest: "${dir}/out.txt"
    content: "{{ from_lookup }} {{ from_template }} {{ r.stdout }} {{ s }} {{ t }} {{ u }}\\n"
  vars:
    u: !unsafe '{{ ver }}'
`,
    );
    const r = runSiteIn(dir, ['-c', 'local']);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).to.equal("['foo{{ ver }}'] ['foo1.0'] {{ ver }} {{ ver }} ['{{ ver }}'] {{ ver }}\n");
  });

  it("a module's returned facts are unsafe (top level and under ansible_facts); set_fact's and include_vars' are not", () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-unsafe-facts-'));
    mkdirSync(join(dir, 'library'));
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    // WANT_JSON: the module reads its arguments from the file named in argv[1] (no ansible import)
    writeFileSync(
      join(dir, 'library/give_facts.py'),
      '#!/usr/bin/python3\n# WANT_JSON\nimport json, sys\nt = json.load(open(sys.argv[1]))["text"]\nprint(json.dumps({"changed": False, "ansible_facts": {"given": t, "given_list": [t]}}))\n',
    );
    writeFileSync(join(dir, 'iv.yml'), 'from_file: "{{ ver }}"\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: testhost
  gather_facts: false
  vars: { ver: '1.0' }
  tasks:
    - give_facts: { text: !unsafe '{{ ver }}' }
    - include_vars: iv.yml
    - set_fact: { from_set_fact: "{{ '{{' }} ver }}" }
    - copy:
        dest: "${dir}/out.txt"
        content: "{{ given }} {{ given_list }} {{ ansible_facts.given }} {{ hostvars.testhost.given }} {{ from_file }} {{ from_set_fact }}\\n"
`,
    );
    const r = runSiteIn(dir);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).to.equal("{{ ver }} ['{{ ver }}'] {{ ver }} {{ ver }} 1.0 1.0\n");
  });

  it('`!unsafe` on a list or a mapping marks what it holds (loop items, values)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-unsafe-tag-'));
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: testhost
  gather_facts: false
  vars:
    ver: '1.0'
    m: !unsafe { k: "{{ ver }}" }
    l: !unsafe ["{{ ver }}"]
  tasks:
    - set_fact: { seen: "{{ seen | default([]) + [item] }}" }
      loop: !unsafe ["{{ ver }}", "x{{ ver }}"]
    - copy:
        dest: "${dir}/out.txt"
        content: "{{ seen }} {{ m.k }} {{ l }} {{ l[0] }}\\n"
`,
    );
    const r = runSiteIn(dir);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).to.equal("['{{ ver }}', 'x{{ ver }}'] {{ ver }} ['{{ ver }}'] {{ ver }}\n");
  });

  it('hostvars[h] holds inventory vars, facts and set_fact/include_vars values, not play vars or vars_files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-hostvars-'));
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local inv_var=inv\n');
    writeFileSync(join(dir, 'vf.yml'), 'vf_var: from_vars_file\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: testhost
  gather_facts: false
  vars: { play_var: from_play, uses_play: "{{ play_var }}-u" }
  vars_files: [vf.yml]
  tasks:
    - set_fact: { sf_play: "{{ play_var }}", sf_lazy: "{{ '{{' }} play_var }}" }
    - include_vars: vf.yml
    - copy:
        dest: "${dir}/out.txt"
        content: "{{ hostvars[inventory_hostname].keys() | select('in', ['play_var', 'vf_var', 'inv_var', 'uses_play', 'sf_play', 'sf_lazy']) | sort }} {{ hostvars.testhost.sf_play }} {{ hostvars.testhost.sf_lazy }} {{ hostvars.testhost.uses_play | default('none') }} {{ uses_play }}\\n"
`,
    );
    const r = runSiteIn(dir);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    // vf_var is there from include_vars (a host variable), not from the play's vars_files
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).to.equal("['inv_var', 'sf_lazy', 'sf_play', 'vf_var'] from_play {{ play_var }} none from_play-u\n");
  });
});
