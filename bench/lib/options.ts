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
  /** the peers run at host counts up to this one; above it warren runs alone (the scale curve) */
  peersUpTo: number;
  /** also time the CLIs' start-up (bench/startup.ts) */
  startup: boolean;
  /** print what the run would measure and stop */
  plan: boolean;
  keepLab: boolean;
  /** results file name: DATE-MACHINE-LABEL.json */
  label: string;
  rabbitmqInventory?: string;
  vaultPasswordFile?: string;
  workDir: string;
}

export const usage = `usage: npm run bench -- [--all] [--plan] [--runs N] [--hosts 1,10,50] [--tools LIST] [--forks N] [--scale] [--keep-lab]
                      [--rabbitmq-inventory PATH [--vault-password-file FILE]] [--work-dir DIR]
  --all                    every figure of issue 16 in one run: the four tools at 1, 10 and 50 hosts, warren
                           alone at 100 and 200 (the scale curve to 200), the RabbitMQ lab's converged
                           site.yml (inventories/lab unless given) and the start-up times
  --plan                   print what the run would measure (with the other flags) and stop
  --runs N                 timed runs per tool and figure (default 5)
  --hosts LIST             host counts (default 1,10,50; the lab gets the largest)
  --ansible-runs N         rounds stock ansible-playbook takes part in (default: --runs; it takes minutes at 50 hosts)
  --tools LIST             warren and the peers (default warren,pyinfra,mitogen,ansible; warren always runs)
  --forks N                warren -f, Ansible forks, pyinfra --parallel (default 50; 200 with --scale)
  --label NAME             results file bench/results/DATE-MACHINE-NAME.json (default from tools and hosts)
  --scale                  the growth curve: warren alone on 1,10,50,100,200 hosts (unless --hosts/--tools)
  --peers-up-to N          the peers run only at host counts <= N (default: all; 50 with --all)
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
      all: { type: 'boolean', default: false },
      plan: { type: 'boolean', default: false },
      'peers-up-to': { type: 'string' },
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
  const all = values.all;
  if (all && values.scale) throw new Error('--all already holds the scale curve: give --all or --scale');
  const scale = values.scale || all;
  const hostCounts = (values.hosts ?? (scale ? '1,10,50,100,200' : '1,10,50')).split(',').map((h) => positive('hosts', h.trim()));
  const tools = (values.tools ?? (scale && !all ? 'warren' : allTools.join(','))).split(',').map((t) => t.trim());
  const unknown = tools.find((t) => !allTools.includes(t as Tool));
  if (unknown) throw new Error(`--tools: unknown tool '${unknown}' (known: ${allTools.join(', ')})`);
  if (hostCounts.some((n) => n > 200)) throw new Error('--hosts: at most 200 lab hosts');
  const chosen = allTools.filter((t) => t === 'warren' || tools.includes(t));
  const counts = [...new Set(hostCounts)].sort((a, b) => a - b);
  const label = values.label ?? (all ? 'all-figures' : undefined) ?? `${chosen.length === 1 ? 'warren' : chosen.join('-')}-hosts-${counts.join('-')}`;
  if (!/^[\w.-]+$/.test(label)) throw new Error(`--label: letters, digits, '.', '_' and '-' only, got '${label}'`);
  const rabbitmqInventory = values['rabbitmq-inventory'] ?? (all ? 'inventories/lab/hosts.yml' : undefined);
  const vaultPasswordFile = values['vault-password-file'] ?? (all && !values['rabbitmq-inventory'] ? 'inventories/lab/.vault_pass' : undefined);
  return {
    label,
    runs: positive('runs', values.runs),
    ansibleRuns: Math.min(positive('runs', values.runs), positive('ansible-runs', values['ansible-runs'] ?? values.runs)),
    forks: positive('forks', values.forks ?? (scale ? '200' : '50')),
    hostCounts: counts,
    tools: chosen,
    peersUpTo: values['peers-up-to'] ? positive('peers-up-to', values['peers-up-to']) : all ? 50 : counts[counts.length - 1]!,
    startup: all,
    plan: values.plan,
    keepLab: values['keep-lab'],
    rabbitmqInventory: rabbitmqInventory ? resolve(rabbitmqInventory) : undefined,
    vaultPasswordFile: vaultPasswordFile ? resolve(vaultPasswordFile) : undefined,
    workDir: resolve(values['work-dir']),
  };
}
