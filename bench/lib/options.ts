// Command-line flags of `npm run bench -- ...`.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { allTools, type Tool } from './tools.ts';

export interface BenchOptions {
  runs: number;
  /** rounds stock ansible-playbook takes part in (<= runs) */
  ansibleRuns: number;
  forks: number;
  hostCounts: number[];
  /** warren first, then the peers in the order given */
  tools: Tool[];
  keepLab: boolean;
  /** results file name: DATE-MACHINE-LABEL.json */
  label: string;
  rabbitmqInventory?: string;
  vaultPasswordFile?: string;
  workDir: string;
}

export const usage = `usage: npm run bench -- [--runs N] [--hosts 1,10,50] [--tools LIST] [--forks N] [--scale] [--keep-lab]
                      [--rabbitmq-inventory PATH [--vault-password-file FILE]] [--work-dir DIR]
  --runs N                 timed runs per tool and figure (default 5)
  --hosts LIST             host counts (default 1,10,50; the lab gets the largest)
  --ansible-runs N         rounds stock ansible-playbook takes part in (default: --runs; it takes minutes at 50 hosts)
  --tools LIST             warren and the peers (default warren,pyinfra,mitogen,ansible; warren always runs)
  --forks N                warren -f, Ansible forks, pyinfra --parallel (default 50; 200 with --scale)
  --label NAME             results file bench/results/DATE-MACHINE-NAME.json (default from tools and hosts)
  --scale                  the growth curve: warren alone on 1,10,50,100,200 hosts (unless --hosts/--tools)
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
      'ansible-runs': { type: 'string' },
      hosts: { type: 'string' },
      tools: { type: 'string' },
      forks: { type: 'string' },
      scale: { type: 'boolean', default: false },
      label: { type: 'string' },
      'keep-lab': { type: 'boolean', default: false },
      'rabbitmq-inventory': { type: 'string' },
      'vault-password-file': { type: 'string' },
      'work-dir': { type: 'string', default: join(tmpdir(), 'warren-bench') },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const scale = values.scale;
  const hostCounts = (values.hosts ?? (scale ? '1,10,50,100,200' : '1,10,50')).split(',').map((h) => positive('hosts', h.trim()));
  const tools = (values.tools ?? (scale ? 'warren' : allTools.join(','))).split(',').map((t) => t.trim());
  const unknown = tools.find((t) => !allTools.includes(t as Tool));
  if (unknown) throw new Error(`--tools: unknown tool '${unknown}' (known: ${allTools.join(', ')})`);
  if (hostCounts.some((n) => n > 200)) throw new Error('--hosts: at most 200 lab hosts');
  const chosen = allTools.filter((t) => t === 'warren' || tools.includes(t));
  const counts = [...new Set(hostCounts)].sort((a, b) => a - b);
  const label = values.label ?? `${chosen.length === 1 ? 'warren' : chosen.join('-')}-hosts-${counts.join('-')}`;
  if (!/^[\w.-]+$/.test(label)) throw new Error(`--label: letters, digits, '.', '_' and '-' only, got '${label}'`);
  return {
    label,
    runs: positive('runs', values.runs),
    ansibleRuns: Math.min(positive('runs', values.runs), positive('ansible-runs', values['ansible-runs'] ?? values.runs)),
    forks: positive('forks', values.forks ?? (scale ? '200' : '50')),
    hostCounts: counts,
    tools: chosen,
    keepLab: values['keep-lab'],
    rabbitmqInventory: values['rabbitmq-inventory'] ? resolve(values['rabbitmq-inventory']) : undefined,
    vaultPasswordFile: values['vault-password-file'] ? resolve(values['vault-password-file']) : undefined,
    workDir: resolve(values['work-dir']),
  };
}
