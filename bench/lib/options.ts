// Command-line flags of `npm run bench -- ...`.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  runs: number;
  forks: number;
  hostCounts: number[];
  keepLab: boolean;
  rabbitmqInventory?: string;
  vaultPasswordFile?: string;
  workDir: string;
}

export const usage = `usage: npm run bench -- [--runs N] [--hosts 1,10,50] [--forks N] [--keep-lab]
                      [--rabbitmq-inventory PATH [--vault-password-file FILE]] [--work-dir DIR]
  --runs N                 timed runs per tool and figure (default 5)
  --hosts LIST             host counts (default 1,10,50; the lab gets the largest)
  --forks N                warren -f and Ansible forks (default 50)
  --keep-lab               leave the \`bench\` lab up at the end
  --rabbitmq-inventory P   inventory of a deployed RabbitMQ lab: times site.yml's converged re-run
  --vault-password-file F  vault password file for site.yml
  --work-dir DIR           generated inventory and Ansible project (default $TMPDIR/warren-bench)`;

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1, got '${text}'`);
  return n;
}

export function parseBenchOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      forks: { type: 'string', default: '50' },
      hosts: { type: 'string', default: '1,10,50' },
      'keep-lab': { type: 'boolean', default: false },
      'rabbitmq-inventory': { type: 'string' },
      'vault-password-file': { type: 'string' },
      'work-dir': { type: 'string', default: join(tmpdir(), 'warren-bench') },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const hostCounts = values.hosts.split(',').map((h) => positive('hosts', h.trim()));
  if (hostCounts.some((n) => n > 200)) throw new Error('--hosts: at most 200 lab hosts');
  return {
    runs: positive('runs', values.runs),
    forks: positive('forks', values.forks),
    hostCounts: [...new Set(hostCounts)].sort((a, b) => a - b),
    keepLab: values['keep-lab'],
    rabbitmqInventory: values['rabbitmq-inventory'] ? resolve(values['rabbitmq-inventory']) : undefined,
    vaultPasswordFile: values['vault-password-file'] ? resolve(values['vault-password-file']) : undefined,
    workDir: resolve(values['work-dir']),
  };
}
