// Hostile and unusual YAML through the real CLI: unknown tags, many merges, alias bombs, a byte
// order mark, invalid UTF-8, a large vars mapping. Exit 4 with file:line:col, never a stack trace.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

const HEAD = '- hosts: all\n  gather_facts: false\n';
const TASKS = '  tasks:\n    - debug: msg=loaded\n';

describe('reliability: hostile YAML input', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-yaml-'));
    writeFileSync(join(dir, 'inventory.ini'), 'target ansible_connection=local\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a playbook in a controller limited to 256 MB of heap (bounded memory). */
  function run(name: string, content: string | Buffer, extra: string[] = []) {
    const file = join(dir, name);
    writeFileSync(file, content);
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', join(ROOT, 'bin/run-playbook.js'), file, '-i', join(dir, 'inventory.ini'), ...extra], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const out = r.stdout + r.stderr;
    expect(out, 'no stack trace').not.to.match(/^\s+at .+:\d+:\d+\)?$/m);
    return { code: r.status, out, file };
  }

  it('an unknown tag (!vualt) is an error with file:line:col, and nothing runs', () => {
    const r = run('tag.yml', `${HEAD}  vars:\n    pw: !vualt |\n      $WARREN_VAULT;1.0;AES256-GCM;scrypt\n      abcd\n${TASKS}`);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${r.file}:4:9: Unresolved tag: !vualt`);
    expect(r.out).not.to.include('loaded');
  });

  it('!unsafe (Ansible) stays a plain string', () => {
    const r = run('unsafe.yml', `${HEAD}  vars:\n    raw: !unsafe 'kept as is'\n  tasks:\n    - debug: var=raw\n`);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include('"raw": "kept as is"');
  });

  it('150 merges of one anchor load', () => {
    let vars = '  vars:\n    base: &d {a: 1, b: 2}\n';
    for (let i = 0; i < 150; i++) vars += `    v${i}:\n      <<: *d\n      c: ${i}\n`;
    const r = run('merges.yml', `${HEAD}${vars}  tasks:\n    - debug: var=v149\n`);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/"a": 1,\s+"b": 2,\s+"c": 149/);
  });

  it('an alias bomb is refused with exit 4 and a location, within 256 MB', () => {
    let vars = '  vars:\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    let prev = 'a';
    for (const n of 'bcdefghi') (vars += `    ${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]\n`), (prev = n);
    const r = run('bomb.yml', `${HEAD}${vars}${TASKS}`);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.match(new RegExp(`${r.file}:5:\\d+: YAML aliases expand to more than`));
  });

  it('a UTF-8 byte order mark is accepted', () => {
    const r = run('bom.yml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEAD + TASKS)]));
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include('"msg": "loaded"');
  });

  it('invalid UTF-8 is an error naming file:line:col, not silently replaced', () => {
    const r = run('latin1.yml', Buffer.concat([Buffer.from(`${HEAD}  tasks:\n    - debug: msg=caf`), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${r.file}:4:21: not valid UTF-8`);
  });

  it('a duplicate key is still an error at the second key', () => {
    const r = run('dup.yml', `${HEAD}  vars:\n    a: 1\n    b: 2\n    a: 3\n${TASKS}`);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.include(`${r.file}:6:5: YAML syntax error: Map keys must be unique`);
  });

  it('a vars file of 100 000 keys (several MB) loads', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `key_${i}: value-${i}-${'x'.repeat(40)}`);
    writeFileSync(join(dir, 'big.yml'), `${lines.join('\n')}\n`);
    const r = run('uses-big.yml', `${HEAD}  vars_files: [big.yml]\n  tasks:\n    - debug: var=key_99999\n`);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include(`"key_99999": "value-99999-`);
  });
});
