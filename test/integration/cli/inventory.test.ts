// `warren inventory` prints exactly what ansible-inventory prints for the same inventory (the
// expected-* files are ansible-inventory's real output), and masks vaulted values.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encryptText } from '../../../src/vault/format.ts';

const FIX = resolve('test/fixtures/inventory-views');
const BIN = resolve('bin/warren.js');

function warren(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'inventory', ...args], { encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const expected = (name: string) => readFileSync(join(FIX, name), 'utf8');

describe('warren inventory (ansible-inventory output shapes)', function () {
  this.timeout(60_000);
  const inv = join(FIX, 'hosts.ini');

  it('--list: the same JSON as ansible-inventory (_meta.hostvars, children, hosts, empty groups left out)', () => {
    expect(warren(['-i', inv, '--list']).stdout).to.equal(expected('expected-list.json'));
  });

  it('--graph, --graph GROUP and --graph --vars: the same trees', () => {
    expect(warren(['-i', inv, '--graph']).stdout).to.equal(expected('expected-graph.txt'));
    expect(warren(['-i', inv, '--graph', 'prod']).stdout).to.equal(expected('expected-graph-prod.txt'));
    expect(warren(['-i', inv, '--graph', '--vars']).stdout).to.equal(expected('expected-graph-vars.txt'));
  });

  it('a YAML inventory with group_vars/ (inventories/example): the same --list and --graph --vars', () => {
    const example = resolve('inventories/example');
    expect(warren(['-i', example, '--list']).stdout).to.equal(expected('expected-example-list.json'));
    expect(warren(['-i', example, '--graph', '--vars']).stdout).to.equal(expected('expected-example-graph-vars.txt'));
  });

  it('--host: one host with group_vars merged under its own vars', () => {
    expect(warren(['-i', inv, '--host', 'web2']).stdout).to.equal(expected('expected-host-web2.json'));
  });

  it('--limit narrows --list to the matching hosts', () => {
    const list = JSON.parse(warren(['-i', inv, '--list', '-l', 'web']).stdout);
    expect(Object.keys(list._meta.hostvars)).to.deep.equal(['web1', 'web2']);
    expect(list.web.hosts).to.deep.equal(['web1', 'web2']);
    expect(list.db).to.equal(undefined);
  });

  it('bad options exit 5: no action, two actions, unknown host or group', () => {
    for (const args of [
      ['-i', inv],
      ['-i', inv, '--list', '--graph'],
      ['-i', inv, '--host', 'nope'],
      ['-i', inv, '--graph', 'nogroup'],
    ]) {
      const r = warren(args);
      expect(r.code, args.join(' ')).to.equal(5);
      expect(r.stderr).to.match(/^ERROR! /);
    }
  });

  describe('vaulted values', () => {
    const password = 'inventory-test-password';
    const secret = 'erlang-cookie-XYZ123';
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'warren-inv-'));
      mkdirSync(join(dir, 'group_vars'));
      writeFileSync(join(dir, 'hosts.yml'), 'rabbits:\n  hosts:\n    r1:\n    r2:\n');
      writeFileSync(join(dir, 'group_vars', 'rabbits.yml'), encryptText(`cookie: ${secret}\nport: 5672\n`, password));
      writeFileSync(join(dir, 'pass'), `${password}\n`, { mode: 0o600 });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('are masked in --list, --host and --graph --vars', () => {
      for (const args of [['--list'], ['--host', 'r1'], ['--graph', '--vars']]) {
        const r = warren(['-i', join(dir, 'hosts.yml'), '--vault-password-file', join(dir, 'pass'), ...args]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).not.to.contain(secret);
        expect(r.stdout).to.contain('********');
        expect(r.stdout).to.contain('5672');
      }
    });

    it('are shown with --show-secrets and the password, refused without the password', () => {
      const shown = warren(['-i', join(dir, 'hosts.yml'), '--vault-password-file', join(dir, 'pass'), '--host', 'r2', '--show-secrets']);
      expect(JSON.parse(shown.stdout)).to.deep.equal({ cookie: secret, port: 5672 });
      const refused = warren(['-i', join(dir, 'hosts.yml'), '--host', 'r2', '--show-secrets']);
      expect(refused.code).to.equal(5);
      expect(refused.stderr).to.contain('--show-secrets needs the vault password');
      expect(refused.stdout).to.equal('');
    });
  });
});
