import { expect } from 'chai';
import { resolve } from 'node:path';
import { loadInventory, detectFormat } from '../../../src/inventory/load.ts';
import { groupNamesOf, groupsMap, inventoryVarsFor } from '../../../src/inventory/vars.ts';
import { loadVarsDirs } from '../../../src/inventory/vars-dirs.ts';
import type { Inventory } from '../../../src/inventory/model.ts';
import { InputError } from '../../../src/core/errors.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';

const FIX = resolve('test/fixtures/inventory');
const opts = () => ({ secrets: new SecretRegistry() });

function summary(inv: Inventory) {
  return {
    hosts: Object.fromEntries([...inv.hosts.values()].map((h) => [h.name, h.vars])),
    groups: Object.fromEntries(
      [...inv.groups.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((g) => [g.name, { hosts: [...g.hosts].sort(), children: [...g.children].sort(), vars: g.vars }]),
    ),
    map: groupsMap(inv),
  };
}

async function loadError(file: string): Promise<string> {
  try {
    await loadInventory([`${FIX}/bad/${file}`], opts());
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    return (err as Error).message.replace(`${FIX}/bad/`, '');
  }
  throw new Error(`${file} loaded without error`);
}

describe('loadInventory', () => {
  it('reads INI and YAML forms of the same inventory into the same model', async () => {
    const ini = await loadInventory([`${FIX}/equiv/hosts.ini`], opts());
    const yml = await loadInventory([`${FIX}/equiv/hosts.yml`], opts());
    expect(summary(ini)).to.deep.equal(summary(yml));
    expect([...ini.hosts.keys()]).to.deep.equal(['ctl', 'rmq1', 'rmq2', 'rmq3', 'lb1']);
  });

  it('expands host ranges, host:port, and always has all and ungrouped', async () => {
    const inv = await loadInventory([`${FIX}/equiv/hosts.ini`], opts());
    const map = groupsMap(inv);
    expect(map.rabbitmq).to.deep.equal(['rmq1', 'rmq2', 'rmq3']);
    expect(map.cluster).to.deep.equal(['rmq1', 'rmq2', 'rmq3', 'lb1']);
    expect(map.all).to.deep.equal(['ctl', 'rmq1', 'rmq2', 'rmq3', 'lb1']);
    expect(map.ungrouped).to.deep.equal(['ctl']);
    expect(inv.hosts.get('lb1')?.vars.ansible_port).to.equal(2222);
    expect(inv.hosts.get('rmq2')?.vars).to.deep.equal({ ansible_user: 'admin' });
  });

  it('applies group_vars (files, dirs, no extension) and host_vars beside the inventory', async () => {
    const inv = await loadInventory([`${FIX}/equiv/hosts.yml`], opts());
    expect(inv.groups.get('rabbitmq')?.vars).to.deep.equal({ level: 'rabbit', rabbit_a: 1, rabbit_b: 2 });
    expect(inv.groups.get('cluster')?.vars).to.deep.equal({ level: 'cluster', cluster_only: true });
    expect(inv.hosts.get('rmq1')?.vars).to.deep.equal({ ansible_user: 'admin', level: 'host' });
  });

  it('merges group vars all first, parents before children, same depth alphabetically, host last', async () => {
    const inv = await loadInventory([`${FIX}/equiv/hosts.ini`], opts());
    const rmq1 = inventoryVarsFor(inv, 'rmq1');
    expect(rmq1.groupVars.level).to.equal('rabbit');
    expect(rmq1.groupVars.shared).to.equal(1);
    expect(rmq1.hostVars.level).to.equal('host');
    expect(inventoryVarsFor(inv, 'lb1').groupVars.pick).to.equal('z');
    expect(inventoryVarsFor(inv, 'ctl').groupVars.level).to.equal('all');
  });

  it('gives group_names sorted without all and ungrouped', async () => {
    const inv = await loadInventory([`${FIX}/equiv/hosts.ini`], opts());
    expect(groupNamesOf(inv, 'lb1')).to.deep.equal(['alpha', 'cluster', 'haproxy', 'zeta']);
    expect(groupNamesOf(inv, 'ctl')).to.deep.equal([]);
  });

  it('loads every inventory file of a directory and merges several -i', async () => {
    const inv = await loadInventory([`${FIX}/dir`, `${FIX}/equiv/hosts.ini`], opts());
    expect(groupsMap(inv).db).to.deep.equal(['db1']);
    expect(groupsMap(inv).web).to.deep.equal(['web1']);
    expect(inv.groups.get('db')?.vars).to.deep.equal({ db_port: 5432 });
    expect(inv.hosts.has('rmq3')).to.equal(true);
    expect(inv.sources).to.have.length(2);
  });

  it('gives implicit localhost a local connection', async () => {
    const inv = await loadInventory([`${FIX}/equiv/hosts.ini`], opts());
    expect(inventoryVarsFor(inv, 'localhost').hostVars).to.include({ ansible_connection: 'local' });
  });

  it('detects the format by content when the extension does not say', () => {
    expect(detectFormat('hosts', '[web]\nweb1\n')).to.equal('ini');
    expect(detectFormat('hosts', 'web1 ansible_host=1.2.3.4\n')).to.equal('ini');
    expect(detectFormat('hosts', 'web1:2222\n')).to.equal('ini');
    expect(detectFormat('hosts', '# c\nall:\n  hosts:\n')).to.equal('yaml');
  });

  it('reads group_vars/host_vars beside a playbook with loadVarsDirs', async () => {
    const dirs = await loadVarsDirs(`${FIX}/equiv`, opts());
    expect(dirs.groups.get('rabbitmq')).to.deep.equal({ rabbit_a: 1, rabbit_b: 2 });
    expect(dirs.hosts.get('rmq1')).to.deep.equal({ level: 'host' });
  });
});

describe('loadInventory: bad input names file:line:col', () => {
  const cases: Array<[string, string]> = [
    ['bad-section.ini', "bad-section.ini:1:5: unknown section suffix ':foo' in '[web:foo]' (expected :vars or :children)"],
    ['bad-host.ini', "bad-host.ini:2:6: bad host variable 'ansible_port' for host 'web1' (expected key=value)"],
    ['cycle.ini', "cycle.ini:8:1: group 'a' is its own ancestor (a -> b -> c -> a)"],
    ['cycle.yml', "cycle.yml:7:13: group 'a' is its own ancestor (a -> b -> a)"],
    ['bad-key.yml', "bad-key.yml:4:7: unknown key 'host' in group 'web' (expected hosts, vars or children) (did you mean 'hosts'?)"],
    ['top-level-hosts.yml', "top-level-hosts.yml:1:1: unknown top-level key 'hosts'"],
  ];
  for (const [file, message] of cases) {
    it(file, async () => {
      expect(await loadError(file)).to.contain(message);
    });
  }
});
