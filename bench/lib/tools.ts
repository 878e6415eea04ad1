// How each tool is started for one timed run, and what a valid run looks like.
import { join } from 'node:path';
import type { AnsibleProject } from './ansible.ts';
import { measure, type Measured } from './measure.ts';

export type Tool = 'warren' | 'ansible';

export interface BenchContext {
  /** the repository root (bin/run-playbook.js, bench/playbooks) */
  root: string;
  inventory: string;
  ansible: AnsibleProject;
  forks: number;
  runs: number;
  log(line: string): void;
}

export const playbookDir = (ctx: BenchContext): string => join(ctx.root, 'bench', 'playbooks');

export function runWarren(ctx: BenchContext, playbook: string, limit: string, extra: string[] = []): Promise<Measured> {
  const args = [join(ctx.root, 'bin', 'run-playbook.js'), playbook, '-i', ctx.inventory, '-l', limit, '-f', String(ctx.forks), ...extra];
  return measure({ file: process.execPath, args, cwd: ctx.root, nodeRss: true });
}

export function runAnsible(ctx: BenchContext, name: string, limit: string): Promise<Measured> {
  const args = ['-i', ctx.inventory, '-l', limit, '-f', String(ctx.forks), ctx.ansible.playbook(name)];
  return measure({ file: 'ansible-playbook', args, cwd: ctx.ansible.dir, env: { ANSIBLE_CONFIG: ctx.ansible.config, ANSIBLE_NOCOLOR: '1' } });
}

export function runTool(ctx: BenchContext, tool: Tool, name: string, limit: string): Promise<Measured> {
  return tool === 'warren' ? runWarren(ctx, join(playbookDir(ctx), name), limit) : runAnsible(ctx, name, limit);
}

/** A run that failed or missed hosts measures nothing: stop with its output. */
export function requireClean(what: string, run: Measured, hosts: number): Measured {
  const r = run.recap;
  if (run.code === 0 && r.failed === 0 && r.unreachable === 0 && r.hosts === hosts) return run;
  const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-25).join('\n');
  throw new Error(`${what}: exit code ${run.code}, ${r.hosts}/${hosts} hosts in the recap, failed=${r.failed} unreachable=${r.unreachable}\n${tail}`);
}
