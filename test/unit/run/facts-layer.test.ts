import { expect } from 'chai';
import { factsLayer, moduleFactsLayer } from '../../../src/run/host-state.ts';

describe('facts layers', () => {
  it('gathered facts are exposed as ansible_facts.x and ansible_x', () => {
    const layer = factsLayer({ hostname: 'h1' });
    expect(layer.ansible_hostname).to.equal('h1');
    expect((layer.ansible_facts as Record<string, unknown>).hostname).to.equal('h1');
  });

  it("a module's facts keep their own name at top level, as Ansible injects them", () => {
    const previous = factsLayer({ hostname: 'h1' });
    const layer = moduleFactsLayer({ rabbitmq_cluster: { hosts: ['rmq1'] }, ansible_local_thing: 1 }, previous);
    expect(layer.rabbitmq_cluster).to.deep.equal({ hosts: ['rmq1'] });
    expect(layer.ansible_rabbitmq_cluster).to.equal(undefined);
    const ns = layer.ansible_facts as Record<string, unknown>;
    expect(ns.rabbitmq_cluster).to.deep.equal({ hosts: ['rmq1'] });
    expect(ns.local_thing).to.equal(1);
    expect(layer.ansible_local_thing).to.equal(1);
    expect(ns.hostname).to.equal('h1');
    expect(layer.ansible_hostname).to.equal('h1');
  });
});
