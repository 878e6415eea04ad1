// Every playbook of the project loads with the real module registry: --syntax-check and
// --list-tasks through the CLI (no host is contacted), and site.yml is exactly its parts.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../../src/load/playbook.ts';
import type { Play } from '../../../src/load/model.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { ROOT } from './helpers.ts';

const PLAYBOOKS = join(ROOT, 'playbooks');
const INVENTORY = join(ROOT, 'inventories/example');
const playbooks = readdirSync(PLAYBOOKS)
  .filter((f) => f.endsWith('.yml'))
  .sort();

function cli(playbook: string, flag: string) {
  // cwd outside the project: its ansible.cfg names the lab's vault password file, absent before `lab up`
  return spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), join(PLAYBOOKS, playbook), '-i', INVENTORY, flag], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** A play without its source positions, to compare plays loaded from different files. */
const withoutLocations = (plays: Play[]) => JSON.parse(JSON.stringify(plays, (key, value) => (key === 'loc' ? undefined : value)));

describe('project playbooks load with the real module registry', function () {
  this.timeout(120_000);

  it('finds the playbooks', () => {
    expect(playbooks).to.include.members(['site.yml', 'rabbitmq.yml', 'cluster-join.yml', 'haproxy.yml']);
  });

  for (const playbook of playbooks) {
    it(`${playbook}: --syntax-check and --list-tasks exit 0`, () => {
      const syntax = cli(playbook, '--syntax-check');
      expect(syntax.status, syntax.stderr).to.equal(0);
      expect(syntax.stdout).to.contain(`playbook: ${join(PLAYBOOKS, playbook)}`);
      const listed = cli(playbook, '--list-tasks');
      expect(listed.status, listed.stderr).to.equal(0);
      expect(listed.stdout).to.match(/play #1 \(/);
      expect(listed.stderr).to.equal('');
    });
  }

  it('site.yml is the per-step playbooks imported in order (the upgrade pre-flight first; cluster-join two plays; rolling-restart its own pre-flight and two plays)', async () => {
    const load = (name: string) => loadPlaybook(join(PLAYBOOKS, name), { secrets: new SecretRegistry() });
    const site = await load('site.yml');
    const steps = [
      'upgrade-preflight.yml',
      'erlang.yml',
      'socat.yml',
      'rabbitmq.yml',
      'cookie-sync.yml',
      'cluster-join.yml',
      'rolling-restart.yml',
      'mirror-policy.yml',
      'haproxy.yml',
    ];
    const parts: Play[] = [];
    for (const step of steps) parts.push(...(await load(step)).plays);
    expect(site.plays.map((p) => p.name)).to.have.length(12);
    expect(withoutLocations(site.plays)).to.deep.equal(withoutLocations(parts));
  });
});
