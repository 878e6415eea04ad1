// `warren verify`: the failover proof against a deployed cluster (see src/verify/), and
// `warren verify matrix`, the Jepsen-style grid of cases. The actions are loaded on demand
// (verify-action.ts, verify-matrix-action.ts): amqplib and the verify code are ~250 KB that
// every other warren command would otherwise parse at startup.
import type { Command } from 'commander';
import { FAULTS, type MatrixFlags, QUEUE_TYPES } from './verify-flags.ts';

function commonOptions(command: Command): Command {
  return command
    .requiredOption('-i, --inventory <path...>', 'inventory with groups rabbitmq and haproxy')
    .option('--rate <r>', 'messages per second, all publishers together', '300')
    .option('--publishers <n>', 'publishers (default: 1; --clients direct: one per node; mixed: one per node plus one through HAProxy)')
    .option('--consumers <n>', 'consumers (default as --publishers)')
    .option('--clients <mode>', 'where clients connect: haproxy, direct (each pinned to one node), mixed', 'haproxy')
    .option('--consume <when>', 'during (consume while publishing) or after (only once every fault has healed)', 'during')
    .option('--lead <seconds>', 'publishing before the first fault', '5')
    .option('--hold <seconds>', 'how long each fault lasts', '10')
    .option('--settle <seconds>', 'publishing after the last fault healed and the cluster settled', '5')
    .option('--tls', 'connect over AMQPS (HAProxy haproxy_amqps_port, nodes rabbitmq_amqps_port; default 5671)')
    .option('--ca <file>', 'CA certificate for --tls (default: <inventory dir>/tls/ca.crt)')
    .option('--vault-password-file <file>', 'vault password file for the inventory secrets');
}

export function registerVerifyCommand(program: Command): void {
  commonOptions(
    program
      .command('verify')
      .argument('[mode]', "'matrix': run the whole matrix of cases (see --runs)")
      .description(
        "publish with confirms and consume while failing the node that matters (the queue leader, the clients' node), and prove no confirmed message was lost; " +
          "'verify matrix' runs {mirrored, quorum} x {pause_minority, autoheal} x {kill leader, stop leader, partition-nodes leader with direct clients, partition follower}, redeploying the partition handling between cases",
      ),
  )
    .option('--fault <kind>', `fault to inject: ${FAULTS.join('|')}`, 'kill')
    .option('--node <target>', "node to fail: leader, follower, clients (the first publisher's node), first, each, or a host name", 'leader')
    .option('--queue-type <type>', `queue type: ${QUEUE_TYPES.join('|')}`, 'quorum')
    .option('--declare-on <host>', 'declare the queue through this node, so its leader starts there (default: through HAProxy)')
    .option('--messages <n>', 'start at most this many ids (default: as many as the rate allows while the schedule runs)')
    .option('--report <dir>', 'write report.json and chart.svg here (matrix: matrix.html and matrix.json, default reports/verify-matrix)')
    .option('--json', 'print the report as JSON')
    .option('--runs <k>', 'matrix: runs per case', '1')
    .option('--partition-hold <seconds>', 'matrix: how long partitions last (longer than net_ticktime, so RabbitMQ detects them)', '30')
    .option('--net-ticktime <seconds>', 'matrix: Erlang net_ticktime deployed for the matrix (rabbitmq_conf_extra)', '10')
    .option('--playbook <file>', 'matrix: the playbook that deploys the cluster', 'playbooks/site.yml')
    .option('--deploy-tags <tags>', "matrix: deploy only the playbook's plays with these tags ('' for all)", 'rabbitmq')
    .option('--rejoin-timeout <seconds>', 'matrix: how long a healed node may take to rejoin before the case reports it (then it is started again)', '120')
    .option('--sync-timeout <seconds>', 'matrix: how long to wait for the replicas to be in sync after a fault', '60')
    .action(async (mode: string | undefined, flags: MatrixFlags) => {
      if (mode === 'matrix') {
        const { verifyMatrixCommand } = await import('./verify-matrix-action.ts');
        process.exitCode = await verifyMatrixCommand(flags);
        return;
      }
      if (mode !== undefined) {
        const { OptionsError } = await import('../core/errors.ts');
        throw new OptionsError(`warren verify: unknown mode '${mode}' (the only one is 'matrix')`);
      }
      const { verifyCommand } = await import('./verify-action.ts');
      process.exitCode = await verifyCommand(flags);
    });
}
