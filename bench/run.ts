// `npm run bench`: warren next to ansible-playbook on the same lab hosts, in one run.
// Run as root (the lab is systemd-nspawn): npm run bench -- [--runs N] [--keep-lab] ...
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAnsible, writeAnsibleProject } from './lib/ansible.ts';
import { groupFor, writeBenchInventory } from './lib/inventory.ts';
import { benchLabDown, benchLabUp } from './lib/lab-setup.ts';
import { machineInfo } from './lib/machine.ts';
import { parseBenchOptions, usage, type BenchOptions } from './lib/options.ts';
import { rabbitmqWorkload } from './lib/rabbitmq.ts';
import { buildRows, evaluateTargets, formatReport, peakMiB, type BenchResult, type PerTask } from './lib/report.ts';
import { playbookDir, requireClean, runWarren, type BenchContext } from './lib/tools.ts';
import { templateWorkload } from './lib/template-workload.ts';
import { factsWorkload, floorWorkload, tasksWorkload, warrenPerTaskMs, type Sample } from './lib/workloads.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function bench(options: BenchOptions): Promise<BenchResult> {
  const ansibleCore = await ensureAnsible(log);
  const largest = options.hostCounts[options.hostCounts.length - 1]!;
  log(`lab \`bench\` up: ${largest} hosts on 10.86.4.0/24`);
  const lab = await benchLabUp(largest, log);
  const inventory = join(options.workDir, 'inventory.yml');
  await writeBenchInventory(inventory, lab, options.hostCounts);
  const ansible = await writeAnsibleProject({
    sourceDir: join(root, 'bench', 'playbooks'),
    dir: join(options.workDir, 'ansible'),
    playbooks: ['facts.yml', 'tasks20.yml'],
    forks: options.forks,
    knownHostsFile: lab.knownHostsFile,
  });
  const ctx: BenchContext = { root, inventory, ansible, forks: options.forks, runs: options.runs, log };
  log(
    `Ansible needs python3 on its targets (warren does not): installing python3-minimal on the ${largest} lab hosts with warren's apt module, through the lab's apt proxy, before any timed run`,
  );
  requireClean('python3-minimal install', await runWarren(ctx, join(playbookDir(ctx), 'python.yml'), groupFor(largest)), largest);

  log('template language: a 1,000-line template and 10,000 when expressions, in-process');
  const templates = await templateWorkload(root);
  const samples: Sample[] = [];
  const perTask: PerTask[] = [];
  for (const hosts of options.hostCounts) {
    log(`${hosts} host(s): fact gathering`);
    await factsWorkload(ctx, hosts, samples);
    log(`${hosts} host(s): 20 tasks, first and converged runs`);
    await tasksWorkload(ctx, hosts, samples);
    log(`${hosts} host(s): floor and per-task cost`);
    const floors = await floorWorkload(ctx, lab, hosts, samples);
    perTask.push({ hosts, warrenMs: await warrenPerTaskMs(ctx, hosts), ...floors });
  }
  let rabbitmq: BenchResult['rabbitmq'];
  if (options.rabbitmqInventory) {
    log(`RabbitMQ site.yml converged re-run on ${options.rabbitmqInventory}`);
    rabbitmq = await rabbitmqWorkload(ctx, options.rabbitmqInventory, options.vaultPasswordFile);
  } else {
    rabbitmq = {
      skipped:
        'no --rabbitmq-inventory given; deploy the four-host lab (warren lab up; run-playbook playbooks/site.yml -i inventories/lab/hosts.yml --vault-password-file FILE), then: npm run bench -- --rabbitmq-inventory inventories/lab/hosts.yml --vault-password-file FILE',
    };
  }
  const rows = buildRows(samples, options.hostCounts);
  const memory = { hosts: largest, warrenPeakMiB: peakMiB(samples, 'warren', largest), ansiblePeakMiB: peakMiB(samples, 'ansible', largest) };
  const notConverged = samples
    .filter((s) => s.workload === 'converged' && (s.changed ?? 0) > 0)
    .map((s) => ({ tool: s.tool, hosts: s.hosts, treeBy: s.treeBy, changed: s.changed! }));
  return {
    machine: machineInfo(ansibleCore),
    options: { runs: options.runs, forks: options.forks, hostCounts: options.hostCounts },
    rows,
    perTask,
    memory,
    notConverged,
    rabbitmq,
    templates,
    targets: evaluateTargets(rows, perTask, memory),
    samples,
  };
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options === 'help') return void process.stdout.write(`${usage}\n`);
  if (process.getuid?.() !== 0) throw new Error('run as root: the lab hosts are systemd-nspawn containers');
  await mkdir(options.workDir, { recursive: true });
  // bin/ runs the build only while it is newer than src/: build, so the shipped build is measured.
  log('npm run build');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const result = await bench(options);
    process.stdout.write(`${formatReport(result)}\n`);
    const dir = join(root, 'bench', 'results');
    await mkdir(dir, { recursive: true });
    const text = `${JSON.stringify(result, null, 2)}\n`;
    await writeFile(join(dir, `${result.machine.date}.json`), text);
    await writeFile(join(dir, 'latest.json'), text);
    log(`results: bench/results/${result.machine.date}.json and bench/results/latest.json`);
  } finally {
    if (options.keepLab) log('--keep-lab: lab `bench` left up (warren lab down --name bench)');
    else {
      log('lab `bench` down');
      await benchLabDown();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
