// Which paths the play's remaining tasks will probe on a host, for the file look-ahead
// (modules/lib/look-ahead.ts): each later file task's path argument rendered with that host's
// vars as they are now. A path that renders differently at its own task, or not at all, is simply
// probed by that task; so only templates without calls are rendered here (no lookup runs early).
import { posix } from 'node:path';
import type { ModuleTask, TaskNode } from '../load/model.ts';
import type { LookAheadPaths } from '../modules/module.ts';
import { canonicalModuleName } from '../modules/registry.ts';
import { effectiveTask, enterBlock, type Inherited } from './inherit.ts';
import type { PlayContext, TaskPosition } from './run-context.ts';
import { varsForTask } from './vars-for-task.ts';

const PATH_ARGS: Record<string, { args: string[]; content: boolean }> = {
  file: { args: ['path', 'dest', 'name'], content: false },
  copy: { args: ['dest'], content: false },
  template: { args: ['dest'], content: false },
  lineinfile: { args: ['path', 'dest', 'name'], content: true },
  blockinfile: { args: ['path', 'dest', 'name'], content: true },
  replace: { args: ['path', 'dest', 'name'], content: true },
  command: { args: ['creates', 'removes'], content: false },
  shell: { args: ['creates', 'removes'], content: false },
};

/** Variables, attributes, indexes and filters without arguments: nothing that runs anything. */
const PLAIN_TEMPLATE = /^(?:[^{]|\{(?!\{|%|#))*(?:\{\{[\w\s.|[\]'"-]*\}\}(?:[^{]|\{(?!\{|%|#))*)*$/;

/** The look-ahead's paths for this host from `at` on, once per machine scope and play. */
export function lookAheadFor(pc: PlayContext, host: string, scope: string): (() => LookAheadPaths | undefined) | undefined {
  const at = pc.position;
  if (!at || pc.run.hosts.get(host) === undefined) return undefined;
  return () => {
    const taken = (pc.lookAheadTaken ??= new Set());
    if (taken.has(scope) || lookAheadOff(pc, host, at)) return undefined;
    taken.add(scope);
    const paths: LookAheadPaths = { stat: [], content: [] };
    collect(pc, host, at.nodes.slice(at.index), at.inh, paths);
    return paths;
  };
}

function lookAheadOff(pc: PlayContext, host: string, at: TaskPosition): boolean {
  const value = varsForTask(pc, host, at.inh, undefined).warren_look_ahead;
  return value === false || (typeof value === 'string' && /^(no|false|off|0)$/i.test(value.trim()));
}

function collect(pc: PlayContext, host: string, nodes: readonly TaskNode[], inh: Inherited, into: LookAheadPaths): void {
  for (const node of nodes) {
    if (node.kind === 'block') collect(pc, host, node.block, enterBlock(inh, node), into);
    else if (node.kind !== 'include') addTaskPaths(pc, host, node, inh, into);
  }
}

function addTaskPaths(pc: PlayContext, host: string, task: ModuleTask, parent: Inherited, into: LookAheadPaths): void {
  const spec = PATH_ARGS[canonicalModuleName(task.module)];
  if (!spec || task.loop !== undefined || task.loopLookup !== undefined || task.module.includes('{{')) return;
  const inh = effectiveTask(parent, task);
  if (inh.delegate_to) return;
  let vars: ReturnType<typeof varsForTask> | undefined;
  const render = (value: unknown): string | undefined => {
    if (typeof value !== 'string' || !PLAIN_TEMPLATE.test(value)) return undefined;
    if (!value.includes('{{')) return value;
    try {
      vars ??= varsForTask(pc, host, inh, task.vars);
      const text = pc.run.engine.renderString(value, vars, task.loc);
      return typeof text === 'string' ? text : undefined;
    } catch {
      return undefined; // depends on something later tasks set: that task probes itself
    }
  };
  for (const name of spec.args) {
    const path = render(task.args[name]);
    if (!path?.startsWith('/')) continue;
    into.stat.push(path);
    if (spec.content) into.content.push(path);
    // copy/template with a src: a dest that is a directory means dest/<src's name>
    const src = render(task.args.src);
    if (name === 'dest' && src && !src.endsWith('/')) into.stat.push(posix.join(path, posix.basename(src)));
  }
}
