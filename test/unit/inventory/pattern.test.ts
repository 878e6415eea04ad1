import { expect } from 'chai';
import { resolve } from 'node:path';
import { loadInventory } from '../../../src/inventory/load.ts';
import { selectHosts } from '../../../src/inventory/pattern.ts';
import type { Inventory } from '../../../src/inventory/model.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';

describe('selectHosts', () => {
  let inv: Inventory;
  before(async () => {
    inv = await loadInventory([resolve('test/fixtures/inventory/equiv/hosts.ini')], { secrets: new SecretRegistry() });
  });

  const cases: Array<[string, string[]]> = [
    ['all', ['ctl', 'rmq1', 'rmq2', 'rmq3', 'lb1']],
    ['*', ['ctl', 'rmq1', 'rmq2', 'rmq3', 'lb1']],
    ['rabbitmq', ['rmq1', 'rmq2', 'rmq3']],
    ['lb1', ['lb1']],
    ['haproxy:ctl', ['ctl', 'lb1']],
    ['haproxy,rmq2,rmq2', ['rmq2', 'lb1']],
    ['cluster:!haproxy', ['rmq1', 'rmq2', 'rmq3']],
    ['cluster:&alpha', ['lb1']],
    ['!rmq1:cluster', ['rmq2', 'rmq3', 'lb1']],
    ['rmq*', ['rmq1', 'rmq2', 'rmq3']],
    ['r?q2', ['rmq2']],
    ['~rmq[12]', ['rmq1', 'rmq2']],
    ['~(lb|ctl)', ['ctl', 'lb1']],
    ['rabbitmq[0]', ['rmq1']],
    ['rabbitmq[-1]', ['rmq3']],
    ['rabbitmq[0:1]', ['rmq1', 'rmq2']],
    ['ungrouped', ['ctl']],
    ['nosuchgroup', []],
    ['localhost', ['localhost']],
    ['rabbitmq:localhost', ['rmq1', 'rmq2', 'rmq3', 'localhost']],
  ];
  for (const [pattern, expected] of cases) {
    it(`'${pattern}' -> ${expected.join(', ') || '(none)'}`, () => {
      expect(selectHosts(inv, pattern)).to.deep.equal(expected);
    });
  }
});
