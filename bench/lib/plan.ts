// What one `npm run bench` run measures, host count by host count: printed by --plan before
// anything is installed or booted, and the same tool choice the run itself uses (toolsAt).
import type { BenchOptions } from './options.ts';
import { toolLabels, type Tool } from './tools.ts';

/** The tools that run at this host count: warren always, the peers up to options.peersUpTo. */
export function toolsAt(options: Pick<BenchOptions, 'tools' | 'peersUpTo'>, hosts: number): Tool[] {
  return options.tools.filter((t) => t === 'warren' || hosts <= options.peersUpTo);
}

/** The largest host count a peer runs at (0: none runs). */
export function largestPeerCount(options: Pick<BenchOptions, 'tools' | 'peersUpTo' | 'hostCounts'>): number {
  return Math.max(0, ...options.hostCounts.filter((h) => toolsAt(options, h).length > 1));
}

const labels = (tools: Tool[]) => tools.map((t) => toolLabels[t]).join(', ');

export function benchPlan(options: BenchOptions): string {
  const largest = options.hostCounts[options.hostCounts.length - 1]!;
  const peers = options.tools.filter((t) => t !== 'warren');
  const out = [
    `npm run bench plan: ${options.runs} runs per figure (ansible-playbook ${options.ansibleRuns}), tools alternating, forks/parallel ${options.forks}`,
    `  1. install what the peers need (Debian packages): ${peers.length ? labels(peers) : 'none'}; npm run build`,
    `  2. lab \`bench\`: ${largest} hosts${peers.some((t) => t !== 'pyinfra') && largestPeerCount(options) ? `; python3-minimal on the first ${largestPeerCount(options)} (Ansible needs it)` : ''}`,
    '  3. template language, in-process: a 1,000-line template, 10,000 when expressions',
  ];
  for (const hosts of options.hostCounts) {
    out.push(
      `  ${hosts} host(s): ${labels(toolsAt(options, hosts))}: fact gathering; 20 tasks, first run, equivalence of the trees, converged re-run; floor (20 x true) and per-task cost`,
    );
  }
  out.push(
    options.rabbitmqInventory
      ? `  RabbitMQ: site.yml converged re-run on ${options.rabbitmqInventory} (deployed lab), ${options.runs} runs, next to its floor`
      : '  RabbitMQ: skipped (no --rabbitmq-inventory)',
  );
  if (options.startup) out.push('  start-up: warren --version, run-playbook/warren run --syntax-check site.yml, next to an empty node (bench/startup.ts)');
  out.push(
    `  printed: medians, spreads and ratios per workload and host count; growth with hosts ${options.hostCounts.join('/')}; peak memory at ${largest}; targets met or missed`,
    `  saved: bench/results/DATE-MACHINE-${options.label}.{json,txt} and bench/results/latest.json (after each host count too)`,
  );
  return out.join('\n');
}
