// `warren verify`: the failover proof against a deployed cluster (see src/verify/). The action is
// loaded on demand (verify-action.ts): amqplib and the verify code are ~250 KB that every other
// warren command would otherwise parse at startup.
import type { Command } from 'commander';

export interface VerifyFlags {
  inventory: string[];
  messages: string;
  rate: string;
  fault: string;
  node: string;
  queueType: string;
  report?: string;
  json?: boolean;
  hold: string;
  vaultPasswordFile?: string;
}

export const FAULTS = ['stop', 'kill', 'partition', 'none'];
export const QUEUE_TYPES = ['quorum', 'mirrored'];

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('publish with confirms and consume through HAProxy, fail a node mid-stream, and prove no confirmed message was lost')
    .requiredOption('-i, --inventory <path...>', 'inventory with groups rabbitmq and haproxy')
    .option('--messages <n>', 'messages to publish', '6000')
    .option('--rate <r>', 'messages per second', '300')
    .option('--fault <kind>', `fault to inject: ${FAULTS.join('|')}`, 'kill')
    .option('--node <host>', 'node to fail: a host name, first, or each (one after another)', 'first')
    .option('--queue-type <type>', `queue type: ${QUEUE_TYPES.join('|')}`, 'quorum')
    .option('--hold <seconds>', 'how long the node stays failed', '10')
    .option('--report <dir>', 'write report.json and chart.svg here')
    .option('--json', 'print the report as JSON')
    .option('--vault-password-file <file>', 'vault password file for the inventory secrets')
    .action(async (flags: VerifyFlags) => {
      const { verifyCommand } = await import('./verify-action.ts');
      process.exitCode = await verifyCommand(flags);
    });
}

