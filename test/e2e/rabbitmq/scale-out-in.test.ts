// End to end on lab hosts (issue 13): a fourth RabbitMQ node added to the inventory joins the
// running cluster with `site.yml --limit rmq4`, and `remove-node.yml` takes it out again, both
// without restarting the three nodes that were there. The lab grows by one host for this
// (`lab up` with rmq4) and shrinks back (`lab remove rmq4`), so later suites see three nodes.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { ensureLabSecrets } from '../../../src/vault/secrets-init.ts';
import { labName, onHost, parseRecap, rabbitmqLab, root, runPlaybook, type LabAccess, whyFailed } from './helpers.ts';

const run = promisify(execFile);
const RMQ = ['rmq1', 'rmq2', 'rmq3'];
const ALL = [...RMQ, 'lb1'];

describe('RabbitMQ scale out and in on lab hosts', function () {
  this.timeout(30 * 60 * 1000);
  let lab: LabAccess;
  let passwordFile: string;
  const mainPids = () => Promise.all(RMQ.map(async (h) => (await onHost(lab, h, 'systemctl show -p MainPID --value rabbitmq-server')).stdout.trim()));
  const diskNodes = async (host: string) => {
    const r = await onHost(lab, host, 'rabbitmqctl -q --formatter json cluster_status');
    expect(r.code, `cluster_status on ${host}`).to.equal(0);
    const status = JSON.parse(r.stdout) as { disk_nodes: string[]; running_nodes: string[] };
    return { disk: [...status.disk_nodes].sort(), running: [...status.running_nodes].sort() };
  };

  before(async () => {
    lab = await rabbitmqLab(ALL);
    passwordFile = (await ensureLabSecrets(dirname(lab.inventoryPath))).passwordFile;
    const converged = await runPlaybook(lab, passwordFile, 'playbooks/site.yml');
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
  });

  after(async () => {
    await run('node', ['bin/warren.js', 'lab', 'remove', 'rmq4', '--name', labName], { cwd: root }).catch(() => undefined);
  });

  it('site.yml --limit rmq4 joins a new node; the others learn its name and are not restarted; remove-node.yml takes it out', async () => {
    const before = await mainPids();
    lab = await rabbitmqLab([...ALL, 'rmq4']); // the inventory's rabbitmq group now has four hosts
    const joined = await runPlaybook(lab, passwordFile, 'playbooks/site.yml', '--limit', 'rmq4');
    expect(joined.code, joined.output.slice(-4000)).to.equal(0);
    expect(Object.keys(parseRecap(joined.output))).to.deep.equal(['rmq4']);
    const four = ['rabbit@rmq1', 'rabbit@rmq2', 'rabbit@rmq3', 'rabbit@rmq4'];
    for (const host of [...RMQ, 'rmq4']) expect(await diskNodes(host), host).to.deep.equal({ disk: four, running: four });
    const address = lab.hosts.rmq4!.address;
    for (const host of RMQ) {
      const hosts = (await onHost(lab, host, 'cat /etc/hosts')).stdout;
      expect(hosts, `${host} /etc/hosts`).to.match(new RegExp(`^${address.replace(/\./g, '\\.')} rmq4$`, 'm'));
    }
    expect(await mainPids(), 'the three running nodes kept their processes').to.deep.equal(before);

    // converged: a second --limit run changes nothing
    const again = await runPlaybook(lab, passwordFile, 'playbooks/site.yml', '--limit', 'rmq4');
    expect(again.code, whyFailed(again.output)).to.equal(0);
    expect(parseRecap(again.output).rmq4!.changed).to.equal(0);

    const removed = await runPlaybook(lab, passwordFile, 'playbooks/remove-node.yml', '-e', 'rabbitmq_remove_node=rmq4');
    expect(removed.code, whyFailed(removed.output)).to.equal(0);
    const three = ['rabbit@rmq1', 'rabbit@rmq2', 'rabbit@rmq3'];
    for (const host of RMQ) expect(await diskNodes(host), host).to.deep.equal({ disk: three, running: three });
    expect((await diskNodes('rmq4')).disk, 'rmq4 is standalone').to.deep.equal(['rabbit@rmq4']);
    expect(await mainPids(), 'removing rmq4 restarted no other node').to.deep.equal(before);

    // the lab shrinks back; the inventory names three nodes again and site.yml has nothing to do
    const shrunk = await run('node', ['bin/warren.js', 'lab', 'remove', 'rmq4', '--name', labName], { cwd: root });
    expect(shrunk.stdout).to.match(/^rmq4: removed/);
    lab = await rabbitmqLab(ALL);
    const converged = await runPlaybook(lab, passwordFile, 'playbooks/site.yml');
    expect(converged.code, whyFailed(converged.output)).to.equal(0);
    for (const host of ALL) expect(parseRecap(converged.output)[host]!.changed, host).to.equal(0);
    expect(Object.keys(parseRecap(converged.output)).sort()).to.deep.equal([...ALL].sort());
  });
});
