import { expect } from 'chai';
import { parseClusterStatus } from '../../../../src/modules/rabbitmq/rabbitmq-cluster-facts.ts';
import { planClusterName } from '../../../../src/modules/rabbitmq/rabbitmq-cluster-name.ts';
import { parsePluginList, planPlugins } from '../../../../src/modules/rabbitmq/rabbitmq-plugin.ts';
import { parsePolicies, planPolicy } from '../../../../src/modules/rabbitmq/rabbitmq-policy.ts';
import { parseVhosts, planVhost } from '../../../../src/modules/rabbitmq/rabbitmq-vhost.ts';
import { fixture } from './fixtures.ts';

const haAll = { 'ha-mode': 'all', 'ha-sync-mode': 'automatic' };

describe('rabbitmq_policy plan', () => {
  const policies = parsePolicies(fixture('list_policies.json'));

  it('is unchanged when the definition only differs in key order', () => {
    const plan = planPolicy({ missing: false, policies }, { name: 'ha-all', pattern: '^', tags: haAll });
    expect(plan.changed).to.equal(false);
  });

  it('reads a definition given as a JSON string and a priority given as text', () => {
    const rows = parsePolicies(fixture('list_policies_string_definition.json'));
    expect(rows[0].definition).to.deep.equal(haAll);
    expect(planPolicy({ missing: false, policies: rows }, { name: 'ha-all', pattern: '^', definition: haAll, priority: 0 }).changed).to.equal(false);
  });

  it('on RabbitMQ 4.x refuses ha-* (classic mirroring) policies with a clear error, and allows the rest', () => {
    const on4 = { missing: false, policies: [], version: '4.0.5' };
    expect(() => planPolicy(on4, { name: 'ha-all', pattern: '^', tags: haAll })).to.throw(
      /rabbitmq_policy ha-all: RabbitMQ 4\.0\.5 has no classic queue mirroring \(removed in 4\.0\), so ha-mode, ha-sync-mode would replicate nothing; use quorum queues instead \(roles\/mirror-policy: rabbitmq_queue_type: quorum\)/,
    );
    expect(planPolicy(on4, { name: 'quorum-defaults', pattern: '^', apply_to: 'queues', tags: { 'delivery-limit': 20 } }).changed).to.equal(true);
    expect(planPolicy(on4, { name: 'ha-all', state: 'absent' }).changed).to.equal(false);
    // 3.x (and an unknown version) keeps the tutorial's policy
    expect(planPolicy({ missing: false, policies: [], version: '3.10.8' }, { name: 'ha-all', pattern: '^', tags: haAll }).changed).to.equal(true);
    expect(planPolicy({ missing: false, policies: [] }, { name: 'ha-all', pattern: '^', tags: haAll }).changed).to.equal(true);
  });

  it('plans set_policy with the new definition and shows both in the diff', () => {
    const plan = planPolicy({ missing: false, policies }, { name: 'ha-all', pattern: '^', tags: { 'ha-mode': 'exactly', 'ha-params': 2 } });
    expect(plan.changed).to.equal(true);
    expect(plan.diff?.[0].before).to.contain('"ha-mode":"all"');
    expect(plan.diff?.[0].after).to.contain('"ha-params":2');
    expect((plan.data as { steps: string[] }).steps[0]).to.equal(
      `rabbitmqctl -q set_policy -p / --priority 0 --apply-to all ha-all '^' '{"ha-mode":"exactly","ha-params":2}'`,
    );
  });

  it('notices a changed pattern, priority or apply-to', () => {
    for (const change of [{ pattern: '^orders' }, { priority: 5 }, { apply_to: 'queues' as const }]) {
      expect(planPolicy({ missing: false, policies }, { name: 'ha-all', pattern: '^', tags: haAll, ...change }).changed).to.equal(true);
    }
  });

  it('clears a policy only when it exists', () => {
    expect(planPolicy({ missing: false, policies }, { name: 'ha-all', state: 'absent' }).changed).to.equal(true);
    expect(planPolicy({ missing: false, policies: [] }, { name: 'ha-all', state: 'absent' }).changed).to.equal(false);
  });

  it('plans against an empty broker when rabbitmq-server is not installed (check mode)', () => {
    const plan = planPolicy({ missing: true, policies: [] }, { name: 'ha-all', pattern: '^', tags: haAll });
    expect(plan.changed).to.equal(true);
    expect(plan.msg).to.match(/not installed yet/);
  });
});

describe('rabbitmq_vhost plan', () => {
  const vhosts = parseVhosts(fixture('list_vhosts.json'));

  it('parses names and tracing', () => {
    expect(vhosts).to.deep.equal([
      { name: '/', tracing: false },
      { name: 'orders', tracing: true },
    ]);
  });

  it('adds a missing vhost, leaves a present one, and turns tracing off when asked', () => {
    expect(planVhost({ missing: false, vhosts }, { name: '/' }).changed).to.equal(false);
    expect((planVhost({ missing: false, vhosts }, { name: 'app' }).data as { steps: string[] }).steps).to.deep.equal(['rabbitmqctl -q add_vhost app']);
    expect((planVhost({ missing: false, vhosts }, { name: 'orders' }).data as { steps: string[] }).steps).to.deep.equal(['rabbitmqctl -q trace_off -p orders']);
    expect(planVhost({ missing: false, vhosts }, { name: 'orders', state: 'absent' }).diff?.[0].after).to.contain('state: absent');
  });
});

describe('rabbitmq_plugin plan', () => {
  const online = { missing: false, ...parsePluginList(fixture('plugins_list_enabled.json')) };

  it('reads the explicitly enabled plugins and whether the node runs', () => {
    expect(online).to.deep.equal({ missing: false, running: true, enabled: ['rabbitmq_management', 'rabbitmq_prometheus'] });
  });

  it('is unchanged when the plugins are enabled (new_only keeps the others)', () => {
    expect(planPlugins(online, { names: 'rabbitmq_management', new_only: true }).changed).to.equal(false);
  });

  it('disables plugins left out of names unless new_only, as Ansible does', () => {
    const plan = planPlugins(online, { names: ['rabbitmq_management', 'rabbitmq_shovel'] });
    expect(plan.result).to.deep.equal({ enabled: ['rabbitmq_shovel'], disabled: ['rabbitmq_prometheus'] });
    expect(plan.diff?.[0].after).to.equal('enabled_plugins: ["rabbitmq_management","rabbitmq_shovel"]\n');
  });

  it('uses --offline when the node is down or broker_state is offline', () => {
    const down = { missing: false, ...parsePluginList(fixture('plugins_list_offline.json')) };
    expect((planPlugins(down, { names: 'rabbitmq_shovel', new_only: true }).data as { offline: boolean }).offline).to.equal(true);
    expect((planPlugins(online, { names: 'rabbitmq_shovel', new_only: true, broker_state: 'offline' }).data as { offline: boolean }).offline).to.equal(true);
    expect((planPlugins(online, { names: 'rabbitmq_shovel', new_only: true }).data as { offline: boolean }).offline).to.equal(false);
  });

  it('disables only listed plugins with state disabled', () => {
    expect(planPlugins(online, { names: 'rabbitmq_prometheus,rabbitmq_stomp', state: 'disabled' }).result).to.deep.equal({
      enabled: [],
      disabled: ['rabbitmq_prometheus'],
    });
  });
});

describe('rabbitmq_cluster_facts parsing', () => {
  it('gives nodes and host names of a three-node cluster', () => {
    const facts = parseClusterStatus(fixture('cluster_status_three.json'));
    expect(facts.cluster_name).to.equal('warren_lab');
    expect(facts.running_nodes).to.deep.equal(['rabbit@rmq1', 'rabbit@rmq2', 'rabbit@rmq3']);
    expect(facts.running_hosts).to.deep.equal(['rmq1', 'rmq2', 'rmq3']);
    expect(facts.partitioned_nodes).to.deep.equal([]);
    expect(facts.versions).to.have.property('rabbit@rmq1');
  });

  it('shows a standalone node as its own one-member cluster', () => {
    const facts = parseClusterStatus(fixture('cluster_status_single.json'));
    expect(facts.hosts).to.deep.equal(['rmq2']);
    expect(facts.cluster_name).to.equal('rabbit@rmq2');
  });

  it('reports partitions and alarms', () => {
    const facts = parseClusterStatus(fixture('cluster_status_partitioned.json'));
    expect(facts.partitioned_nodes).to.deep.equal(['rabbit@rmq1']);
    expect(facts.running_hosts).to.deep.equal(['rmq1', 'rmq2']);
    expect(facts.hosts).to.deep.equal(['rmq1', 'rmq2', 'rmq3']);
    expect(facts.alarms).to.have.length(1);
  });

  it('renames the cluster only when the name differs', () => {
    const facts = parseClusterStatus(fixture('cluster_status_three.json'));
    expect(planClusterName(facts, { name: 'warren_lab' }).changed).to.equal(false);
    const plan = planClusterName(facts, { name: 'rabbitmq_cluster_tyrival' });
    expect(plan.changed).to.equal(true);
    expect(plan.diff?.[0].before).to.equal('cluster_name: warren_lab\n');
  });
});
