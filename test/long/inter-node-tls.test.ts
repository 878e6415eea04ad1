// End to end on lab hosts (issue 13): a cluster deployed with rabbitmq_tls_inter_node from the
// start forms over TLS Erlang distribution (node to node and CLI to node), with the inventory's
// certificates checked on both sides. A cluster cannot be switched live, so this suite starts from
// fresh hosts and takes its lab down at the end (the next suite builds a plain one).
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureLabSecrets } from '../../src/vault/secrets-init.ts';
import { destroyLab } from '../support/lab.ts';
import { labName, onHost, parseRecap, rabbitmqLab, runPlaybook, type LabAccess } from '../e2e/rabbitmq/helpers.ts';

const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];
const NODES = RMQ.map((h) => `rabbit@${h}`);

describe('Inter-node TLS: a cluster whose Erlang distribution runs over TLS (lab)', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  let varsFile: string;
  const site = () => runPlaybook(lab, passwordFile, 'playbooks/site.yml', '-e', `@${varsFile}`);

  before(async () => {
    await destroyLab(labName); // fresh hosts: inter-node TLS is chosen before the first start
    lab = await rabbitmqLab(ALL);
    passwordFile = (await ensureLabSecrets(dirname(lab.inventoryPath))).passwordFile;
    varsFile = join(mkdtempSync(join(tmpdir(), 'warren-inter-node-tls-')), 'vars.json');
    writeFileSync(varsFile, JSON.stringify({ rabbitmq_tls_enabled: true, rabbitmq_tls_inter_node: true }));
    const deployed = await site();
    expect(deployed.code, deployed.output.slice(-4000)).to.equal(0);
  });

  after(async () => {
    await destroyLab(labName);
  });

  it('the cluster forms; every node reaches the others (and the CLI reaches it) over inet_tls', async () => {
    for (const host of RMQ) {
      const status = await onHost(lab, host, 'rabbitmqctl -q --formatter json cluster_status');
      expect(status.code, `cluster_status on ${host}`).to.equal(0);
      const running = (JSON.parse(status.stdout) as { running_nodes: string[] }).running_nodes;
      expect([...running].sort(), host).to.deep.equal(NODES);
      const proto = await onHost(lab, host, "rabbitmqctl -q eval 'init:get_argument(proto_dist).'");
      expect(proto.stdout.trim(), host).to.equal('{ok,[["inet_tls"]]}');
      // every distribution connection the node holds (its peers, this CLI) and its protocol
      const links = await onHost(
        lab,
        host,
        `rabbitmqctl -q eval '{ok, I} = net_kernel:nodes_info(), lists:sort([{N, element(4, proplists:get_value(address, P))} || {N, P} <- I, lists:prefix("rabbit@", atom_to_list(N))]).'`,
      );
      const peers = NODES.filter((n) => n !== `rabbit@${host}`);
      console.log(`      ${host}: ${links.stdout.trim()}`);
      // rabbitmqctl prints the node atoms bare (rabbit@rmq2), Erlang's ~p quotes them: accept both
      expect(links.stdout.replace(/[\s']+/g, ''), host).to.equal(`[${peers.map((p) => `{${p},tls}`).join(',')}]`);
    }
    // a node speaking plain distribution with the right cookie (read from the file, as rabbitmq) is not let in
    const plain = await onHost(
      lab,
      'rmq1',
      `cd /tmp && runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq erl -noshell -sname probe$$ -eval 'io:format("~p~n", [net_adm:ping(rabbit@rmq2)]), halt().'`,
    );
    expect(plain.stdout.trim()).to.equal('pang');
  });

  it('a converged re-run with inter-node TLS on changes nothing', async () => {
    const again = await site();
    expect(again.code, again.output.slice(-3000)).to.equal(0);
    for (const host of ALL) expect(parseRecap(again.output)[host]!.changed, host).to.equal(0);
  });
});
