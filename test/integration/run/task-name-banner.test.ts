import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSiteIn } from './helpers.ts';

// A task's and a handler's banner show the name templated with the first host's vars, as
// Ansible's strategy does; one that cannot render (`item`, an undefined name) and an `!unsafe`
// one are shown as written. Every expected banner is what ansible-core 2.14.18 printed for the
// same playbook (2026-12-02).
describe('task names in banners are templated as in Ansible', function () {
  this.timeout(120_000);

  it('renders play, inventory and task vars; leaves item, undefined names and !unsafe names as written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-task-names-'));
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local inv_var=inv\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: testhost
  gather_facts: false
  vars: { x: templated, l: [1, 2] }
  tasks:
    - name: "plain {{ x }} {{ inv_var }}"
      debug: { msg: a }
    - name: "undef {{ x }} {{ nope }}"
      debug: { msg: a }
    - name: "item {{ item }}"
      debug: { msg: a }
      loop: [1]
    - name: "list {{ l }} {{ l | length }} {{ x | upper }}"
      debug: { msg: a }
      changed_when: true
      notify: "h {{ x }}"
    - name: "{{ x }}"
      debug: { msg: a }
    - name: !unsafe "u {{ x }}"
      debug: { msg: a }
    - name: "tv {{ t }}"
      vars: { t: taskvar }
      debug: { msg: a }
  handlers:
    - name: "h {{ x }}"
      debug: { msg: handler }
`,
    );
    const r = runSiteIn(dir);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const banners = r.stdout.split('\n').flatMap((line) => /^(TASK|RUNNING HANDLER) \[(.*)\] \*+$/.exec(line)?.slice(1, 3).join(' ') ?? []);
    expect(banners).to.deep.equal([
      'TASK plain templated inv',
      'TASK undef {{ x }} {{ nope }}',
      'TASK item {{ item }}',
      'TASK list [1, 2] 2 TEMPLATED',
      'TASK templated',
      'TASK u {{ x }}',
      'TASK tv taskvar',
      'RUNNING HANDLER h templated',
    ]);
  });

  it("renders a play's name with play vars, vars_files and extra vars (no inventory vars), and an include's name", () => {
    const dir = mkdtempSync(join(tmpdir(), 'warren-play-names-'));
    writeFileSync(join(dir, 'inv.ini'), 'testhost ansible_connection=local inv_var=inv\n');
    writeFileSync(join(dir, 'vf.yml'), 'vf_var: from_file\n');
    writeFileSync(join(dir, 'inc.yml'), '- debug: { msg: a }\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- name: "play {{ x }} {{ vf_var }} {{ e }} {{ inv_var | default('noinv') }}"
  hosts: testhost
  gather_facts: false
  vars: { x: templated }
  vars_files: [vf.yml]
  tasks:
    - include_tasks: inc.yml
      name: "inc {{ x }}"
- name: "play {{ nope }}"
  hosts: testhost
  gather_facts: false
  tasks: [{ debug: { msg: a } }]
- name: !unsafe "play {{ e }}"
  hosts: testhost
  gather_facts: false
  tasks: [{ debug: { msg: a } }]
`,
    );
    const r = runSiteIn(dir, ['-e', 'e=extra']);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const banners = r.stdout.split('\n').flatMap((line) => /^(PLAY|TASK) \[(.*)\] \*+$/.exec(line)?.slice(1, 3).join(' ') ?? []);
    expect(banners).to.deep.equal([
      'PLAY play templated from_file extra noinv',
      'TASK inc templated',
      'TASK debug',
      'PLAY play {{ nope }}',
      'TASK debug',
      'PLAY play {{ e }}',
      'TASK debug',
    ]);
  });
});
