// `npm run bench`: warren next to pyinfra, Ansible with Mitogen and ansible-playbook on the same lab hosts, in one run.
// Run as root (the lab is systemd-nspawn): npm run bench -- [--runs N] [--keep-lab] ...
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { ensureAnsible, ensureMitogen, writeAnsibleProject } from './lib/ansible.ts';
import { aptInstall } from './lib/apt.ts';
import type { Equivalence } from './lib/equivalence.ts';
import { groupFor, writeBenchInventory } from './lib/inventory.ts';
import { benchLabDown, benchLabUp } from './lib/lab-setup.ts';
import { machineInfo } from './lib/machine.ts';
import { parseBenchOptions, usage, type BenchOptions } from './lib/options.ts';
import { benchPlan, largestPeerCount, toolsAt } from './lib/plan.ts';
import { rabbitmqWorkload } from './lib/rabbitmq.ts';
import { buildRows, evaluateTargets, formatReport, peakMiB, type BenchResult, type PerTask } from './lib/report.ts';
import { ensurePyinfra, writePyinfraProject } from './lib/pyinfra.ts';
import { playbookDir, requireClean, runWarren, type BenchContext } from './lib/tools.ts';
import { templateWorkload } from './lib/template-workload.ts';
import { factsWorkload, floorWorkload, tasksWorkload, warrenPerTaskMs, type Sample } from './lib/workloads.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Called with the figures so far after each host count, and once at the end. */
type Progress = (result: BenchResult, final: boolean) => Promise<void>;

async function bench(options: BenchOptions, progress: Progress): Promise<void> {
  const { tools } = options;
  const python = tools.some((t) => t === 'ansible' || t === 'mitogen');
  const versions: BenchResult['versions'] = { warren: packageVersion() };
  if (python) versions.ansible = await ensureAnsible(log);
  const mitogen = tools.includes('mitogen') ? await ensureMitogen(log) : undefined;
  if (mitogen) versions.mitogen = `${mitogen.version} (ansible-core ${versions.ansible})`;
  const pyinfra = tools.includes('pyinfra')
    ? await ensurePyinfra(join(root, '..', 'shared', 'peers', 'pyinfra-2.9.2'), options.workDir, (p) => aptInstall(p, log))
    : undefined;
  if (pyinfra) versions.pyinfra = pyinfra.version;
  const largest = options.hostCounts[options.hostCounts.length - 1]!;
  log(`lab \`bench\` up: ${largest} hosts on 10.86.4.0/24`);
  const labStart = Date.now();
  const lab = await benchLabUp(largest, log);
  log(`lab up in ${((Date.now() - labStart) / 1000).toFixed(1)} s`);
  const inventory = join(options.workDir, 'inventory.yml');
  await writeBenchInventory(inventory, lab, options.hostCounts);
  const project = (name: string, mitogenStrategyDir?: string) =>
    writeAnsibleProject({
      sourceDir: join(root, 'bench', 'playbooks'),
      dir: join(options.workDir, name),
      playbooks: ['facts.yml', 'tasks20.yml'],
      forks: options.forks,
      knownHostsFile: lab.knownHostsFile,
      mitogenStrategyDir,
    });
  const ctx: BenchContext = { root, inventory, tools, forks: options.forks, runs: options.runs, ansibleRuns: options.ansibleRuns, retries: [], log };
  if (tools.includes('ansible')) ctx.ansible = await project('ansible');
  if (mitogen) ctx.mitogen = await project('ansible-mitogen', mitogen.strategyDir);
  if (pyinfra) {
    await writePyinfraProject(pyinfra, {
      sourceDir: join(root, 'bench', 'pyinfra'),
      filesDir: join(root, 'bench', 'playbooks', 'files'),
      lab,
      counts: options.hostCounts,
    });
    ctx.pyinfra = pyinfra;
  }
  if (python) {
    log(
      `Ansible needs python3 on its targets (warren and pyinfra do not): installing python3-minimal on the first ${largestPeerCount(options)} lab hosts with warren's apt module, through the lab's apt proxy, before any timed run`,
    );
    const upTo = largestPeerCount(options);
    requireClean('python3-minimal install', await runWarren(ctx, join(playbookDir(ctx), 'python.yml'), groupFor(upTo)), upTo);
  }

  log('template language: a 1,000-line template and 10,000 when expressions, in-process');
  const templates = await templateWorkload(root);
  const samples: Sample[] = [];
  const perTask: PerTask[] = [];
  const equivalence: Equivalence[] = [];
  const failures: string[] = [];
  const rabbitmqSkipped: BenchResult['rabbitmq'] = {
    skipped:
      'no --rabbitmq-inventory given; deploy the four-host lab (warren lab up; run-playbook playbooks/site.yml -i inventories/lab/hosts.yml --vault-password-file FILE), then: npm run bench -- --rabbitmq-inventory inventories/lab/hosts.yml --vault-password-file FILE',
  };
  const result = (rabbitmq: BenchResult['rabbitmq'], measured: number[]): BenchResult => {
    const rows = buildRows(samples, measured);
    const memory: BenchResult['memory'] = { hosts: measured[measured.length - 1] ?? largest, peakMiB: {} };
    for (const tool of tools) memory.peakMiB[tool] = peakMiB(samples, tool, memory.hosts);
    const notConverged = samples
      .filter((s) => s.workload === 'converged' && (s.changed ?? 0) > 0)
      .map((s) => ({ tool: s.tool, hosts: s.hosts, treeBy: s.treeBy, changed: s.changed! }));
    return {
      machine: machineInfo(versions.ansible),
      options: { runs: options.runs, ansibleRuns: options.ansibleRuns, forks: options.forks, hostCounts: options.hostCounts },
      versions,
      tools,
      rows,
      perTask,
      memory,
      equivalence,
      notConverged,
      retries: ctx.retries,
      failures,
      rabbitmq,
      templates,
      targets: evaluateTargets(rows, perTask, memory),
      samples,
    };
  };
  const measured: number[] = [];
  for (const hosts of options.hostCounts) {
    // A host count that fails ends the bench, but what the smaller ones measured is still reported.
    try {
      const at: BenchContext = { ...ctx, tools: toolsAt(options, hosts) };
      log(`${hosts} host(s): fact gathering (${at.tools.join(', ')})`);
      await factsWorkload(at, hosts, samples);
      log(`${hosts} host(s): 20 tasks, first and converged runs`);
      equivalence.push(...(await tasksWorkload(at, lab, hosts, samples)));
      log(`${hosts} host(s): floor and per-task cost`);
      const floors = await floorWorkload(at, lab, hosts, samples);
      perTask.push({ hosts, warrenMs: await warrenPerTaskMs(at, hosts), ...floors });
      measured.push(hosts);
      // Saved after every host count: a run stopped later (a lab hold's time limit) keeps these.
      await progress(result({ skipped: `not reached yet: the run was still at ${hosts} of ${options.hostCounts.join('/')} hosts` }, measured), false);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${hosts} host(s) stopped: ${message}`);
      failures.push(`${hosts} host(s): ${message.split('\n').slice(0, 4).join(' | ')}`);
      break;
    }
  }
  let rabbitmq: BenchResult['rabbitmq'] = rabbitmqSkipped;
  if (options.rabbitmqInventory) {
    log(`RabbitMQ site.yml converged re-run on ${options.rabbitmqInventory}`);
    rabbitmq = await rabbitmqWorkload(ctx, options.rabbitmqInventory, options.vaultPasswordFile);
  }
  const startup = options.startup ? startupFigures(log) : undefined;
  await progress({ ...result(rabbitmq, options.hostCounts), ...(startup ? { startup } : {}) }, true);
}

/** bench/startup.ts's table (it saves its own record too), after the lab work: the build is fresh. */
function startupFigures(log: (line: string) => void): string {
  log('start-up: bench/startup.ts --runs 10');
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return execFileSync(process.execPath, [tsx, join(root, 'bench', 'startup.ts'), '--runs', '10', '--no-build'], { cwd: root, encoding: 'utf8' }).trimEnd();
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options === 'help') return void process.stdout.write(`${usage}\n`);
  if (options.plan) return void process.stdout.write(`${benchPlan(options)}\n`);
  if (process.getuid?.() !== 0) throw new Error('run as root: the lab hosts are systemd-nspawn containers');
  await mkdir(options.workDir, { recursive: true });
  // bin/ runs the build only while it is newer than src/: build, so the shipped build is measured.
  log('npm run build');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await bench(options, async (result, final) => {
      const report = formatReport(result);
      if (final) process.stdout.write(`${report}\n`);
      const dir = join(root, 'bench', 'results');
      await mkdir(dir, { recursive: true });
      const text = `${JSON.stringify(result, null, 2)}\n`;
      const name = `${result.machine.date}-${result.machine.hostname}-${options.label}`;
      await writeFile(join(dir, `${name}.json`), text);
      await writeFile(join(dir, `${name}.txt`), `${report}\n`);
      await writeFile(join(dir, 'latest.json'), text);
      log(`${final ? 'results' : 'figures so far'}: bench/results/${name}.json, .txt and bench/results/latest.json`);
    });
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
