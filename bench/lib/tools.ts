// How each tool is started for one timed run, and what a valid run looks like.
import { join } from 'node:path';
import type { AnsibleProject } from './ansible.ts';
import { groupFor } from './inventory.ts';
import { measure, type Measured } from './measure.ts';
import { parsePyinfraResults, type PyinfraProject } from './pyinfra.ts';

export type Tool = 'warren' | 'pyinfra' | 'mitogen' | 'ansible';
export const allTools: Tool[] = ['warren', 'pyinfra', 'mitogen', 'ansible'];
export const peerTools: Exclude<Tool, 'warren'>[] = ['pyinfra', 'mitogen', 'ansible'];
export const toolLabels: Record<Tool, string> = {
  warren: 'warren',
  pyinfra: 'pyinfra',
  mitogen: 'ansible+mitogen',
  ansible: 'ansible-playbook',
};

/** The two timed jobs every tool has a version of: facts.yml / facts.py and tasks20.yml / tasks20.py. */
export type Job = 'facts' | 'tasks20';

export interface BenchContext {
  /** the repository root (bin/run-playbook.js, bench/playbooks) */
  root: string;
  inventory: string;
  /** the tools in this run, warren first */
  tools: Tool[];
  ansible?: AnsibleProject;
  mitogen?: AnsibleProject;
  pyinfra?: PyinfraProject;
  forks: number;
  runs: number;
  /** rounds stock ansible-playbook takes part in (default: all) */
  ansibleRuns?: number;
  /** runs that failed once and were run again (see workloads.ts cleanRun) */
  retries: Array<{ what: string; reason: string }>;
  log(line: string): void;
}

export const playbookDir = (ctx: BenchContext): string => join(ctx.root, 'bench', 'playbooks');

export function runWarren(ctx: BenchContext, playbook: string, limit: string, extra: string[] = []): Promise<Measured> {
  const args = [join(ctx.root, 'bin', 'run-playbook.js'), playbook, '-i', ctx.inventory, '-l', limit, '-f', String(ctx.forks), ...extra];
  return measure({ file: process.execPath, args, cwd: ctx.root, nodeRss: true });
}

function runAnsible(ctx: BenchContext, project: AnsibleProject | undefined, job: Job, limit: string): Promise<Measured> {
  if (!project) throw new Error('internal: no Ansible project for this tool');
  const args = ['-i', ctx.inventory, '-l', limit, '-f', String(ctx.forks), project.playbook(`${job}.yml`)];
  return measure({ file: 'ansible-playbook', args, cwd: project.dir, env: { ANSIBLE_CONFIG: project.config, ANSIBLE_NOCOLOR: '1' } });
}

async function runPyinfra(ctx: BenchContext, job: Job, hosts: number): Promise<Measured> {
  const project = ctx.pyinfra;
  if (!project) throw new Error('internal: no pyinfra project');
  const args = [project.inventory(hosts), `${job}.py`, '--parallel', String(ctx.forks)];
  const m = await measure({ file: join(project.home, 'pyinfra-run'), args, cwd: project.dir });
  return { ...m, recap: parsePyinfraResults(`${m.stdout}\n${m.stderr}`) };
}

export function runTool(ctx: BenchContext, tool: Tool, job: Job, hosts: number): Promise<Measured> {
  const limit = groupFor(hosts);
  if (tool === 'warren') return runWarren(ctx, join(playbookDir(ctx), `${job}.yml`), limit);
  if (tool === 'pyinfra') return runPyinfra(ctx, job, hosts);
  return runAnsible(ctx, tool === 'mitogen' ? ctx.mitogen : ctx.ansible, job, limit);
}

/** A run that failed or missed hosts measures nothing: stop with its output. */
export function requireClean(what: string, run: Measured, hosts: number): Measured {
  const r = run.recap;
  if (run.code === 0 && r.failed === 0 && r.unreachable === 0 && r.hosts === hosts) return run;
  const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-25).join('\n');
  throw new Error(`${what}: exit code ${run.code}, ${r.hosts}/${hosts} hosts in the recap, failed=${r.failed} unreachable=${r.unreachable}\n${tail}`);
}
