import { expect } from 'chai';
import { healthFromProbe, healthProblems, rabbitmqHealth, HEALTH_CHECKS, type HealthCheck } from '../../../../src/modules/rabbitmq/rabbitmq-health.ts';
import { ModuleFailure } from '../../../../src/modules/module.ts';
import { fixture } from './fixtures.ts';

const all = [...HEALTH_CHECKS] as HealthCheck[];
const expected = ['rmq1', 'rmq2', 'rmq3'];

function probe(status: string, quorumRc = 0, mirrorRc = 0, statusRc = 0) {
  return {
    missing: false,
    sections: {
      status: { rc: statusRc, output: status },
      quorum_critical: { rc: quorumRc, output: quorumRc ? 'Error:\nrabbit@rmq1 is quorum-critical for 2 queues: orders, audit' : '' },
      mirror_sync_critical: { rc: mirrorRc, output: mirrorRc ? 'Error:\nrabbit@rmq1 is mirror sync-critical for 1 queue: legacy' : '' },
    },
  };
}

describe('rabbitmq_health: the gates of a rolling restart', () => {
  it('a whole cluster without alarms, partitions or critical queues passes', () => {
    const state = healthFromProbe(probe(fixture('cluster_status_three.json')), all, 'rmq1');
    expect(healthProblems(state, { expected_hosts: expected })).to.deep.equal([]);
    const plan = rabbitmqHealth.plan(state, { expected_hosts: expected });
    expect(plan.changed).to.equal(false);
    expect(plan.result?.rabbitmq_health).to.include({ healthy: true });
  });

  it('names every reason at once: a missing member, an alarm, a partition', () => {
    const state = healthFromProbe(probe(fixture('cluster_status_partitioned.json')), all, 'rmq1');
    const problems = healthProblems(state, { expected_hosts: expected });
    expect(problems).to.have.length(3);
    expect(problems[0]).to.equal('not running in the cluster: rmq3 (running: rmq1, rmq2)');
    expect(problems[1]).to.equal('resource alarms: disk alarm on rabbit@rmq1');
    expect(problems[2]).to.equal('network partition seen by: rabbit@rmq1');
    expect(() => rabbitmqHealth.plan(state, { expected_hosts: expected })).to.throw(
      ModuleFailure,
      /^the cluster is not ready for this node to go down: not running in the cluster: rmq3/,
    );
  });

  it('refuses while quorum queues would lose their majority or mirrors their last synchronised copy', () => {
    const state = healthFromProbe(probe(fixture('cluster_status_three.json'), 69, 69), all, 'rmq1');
    const problems = healthProblems(state, { expected_hosts: expected });
    expect(problems).to.deep.equal([
      'quorum queues would lose their majority without this node: Error:\nrabbit@rmq1 is quorum-critical for 2 queues: orders, audit',
      'mirrored queues would lose their last synchronised mirror without this node: Error:\nrabbit@rmq1 is mirror sync-critical for 1 queue: legacy',
    ]);
  });

  it('refuses while another node is still drained; its own maintenance does not count', () => {
    const doc = JSON.parse(fixture('cluster_status_three.json'));
    doc.maintenance_status['rabbit@rmq2'] = 'under maintenance';
    doc.maintenance_status['rabbit@rmq1'] = 'under maintenance';
    const fromRmq1 = healthFromProbe(probe(JSON.stringify(doc)), all, 'rmq1');
    expect(healthProblems(fromRmq1, { expected_hosts: expected })).to.deep.equal([
      'other nodes are under maintenance (drained): rabbit@rmq2; revive them first (rabbitmq-upgrade revive)',
    ]);
  });

  it('reads RabbitMQ\'s own words: "marked for maintenance" is drained, "unknown" (its call to the node failed) is said as such', () => {
    const doc = JSON.parse(fixture('cluster_status_three.json'));
    doc.maintenance_status['rabbit@rmq2'] = '\u001b[35mmarked for maintenance\u001b[0m';
    doc.maintenance_status['rabbit@rmq3'] = 'unknown';
    const state = healthFromProbe(probe(JSON.stringify(doc)), all, 'rmq1');
    expect(healthProblems(state, { expected_hosts: expected })).to.deep.equal([
      'other nodes are under maintenance (drained): rabbit@rmq2; revive them first (rabbitmq-upgrade revive)',
      "the maintenance status of rabbit@rmq3 could not be read from this node (rabbitmqctl's call to them failed: check the Erlang cookie and the links between the nodes)",
    ]);
  });

  it('checks only what it is asked to', () => {
    const state = healthFromProbe(probe(fixture('cluster_status_partitioned.json'), 69), ['partitions'], 'rmq1');
    expect(healthProblems(state, { expected_hosts: expected, checks: ['partitions'] })).to.deep.equal(['network partition seen by: rabbit@rmq1']);
  });

  it('a node that does not answer is a failure (until/retries wait for it)', () => {
    expect(() => healthFromProbe(probe('Error: unable to perform an operation on node rabbit@rmq1', 0, 0, 69), all, 'rmq1')).to.throw(
      ModuleFailure,
      /the node does not answer \(rabbitmqctl cluster_status, rc=69\)/,
    );
  });

  it('without rabbitmqctl (check mode on a fresh host) there is nothing to check', () => {
    const state = healthFromProbe({ missing: true, sections: {} }, all, 'rmq1');
    expect(rabbitmqHealth.plan(state, { expected_hosts: expected }).msg).to.match(/not installed yet/);
  });
});
