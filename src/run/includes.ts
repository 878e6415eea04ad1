// include_tasks / include_role at run time. For each host: the include's `when`, its loop, and
// its target rendered with that host's vars; hosts that include the same file with the same vars
// run it together (Ansible's IncludedFile grouping), one group after the other, in order.
// `when` and `tags` on the include are the include's own; its other keywords and vars, and
// `apply:`, pass down to the included tasks.
import type { Block, IncludeTask, TaskNode } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { ModuleResult } from '../modules/module.ts';
import { isTrue } from '../template/expression.ts';
import { WarrenError } from '../core/errors.ts';
import { inheritFrom, type Inherited } from './inherit.ts';
import type { PlayContext } from './run-context.ts';
import { hasLoop, isUndefinedLoopError, itemVars, loopItems, renderedControl } from './loop-items.ts';
import { varsForTask, invalidateHostVars } from './vars-for-task.ts';

interface Inclusion {
  target: string;
  vars: Vars;
  /** include_role's tasks_from, vars_from, ..., rendered for the host */
  roleArgs?: Vars;
  hosts: string[];
}

export function includeDisplayName(node: IncludeTask): string {
  return node.name ?? node.action;
}

/** The include's results on `host`: one inclusion per item whose `when` holds. */
type HostInclusion = Omit<Inclusion, 'hosts'>;

function inclusionsOn(pc: PlayContext, node: IncludeTask, inh: Inherited, host: string): HostInclusion[] {
  const vars = varsForTask(pc, host, inh, node.vars);
  const holds = (v: Vars) => inh.when.every((e) => isTrue(e, v, node.loc));
  const render = (v: Vars): Omit<HostInclusion, 'vars'> => ({
    target: String(pc.run.engine.renderString(node.target, v, node.loc)).trim(),
    ...(node.roleArgs ? { roleArgs: pc.run.engine.renderValue(node.roleArgs, v, node.loc) } : {}),
  });
  if (!hasLoop(node)) return holds(vars) ? [{ ...render(vars), vars: {} }] : [];
  let items: unknown[];
  try {
    items = loopItems(pc, node, inh, vars);
  } catch (err) {
    if (!isUndefinedLoopError(err) || holds(vars)) throw err;
    return [];
  }
  const out: HostInclusion[] = [];
  const control = renderedControl(pc, node.loop_control, vars, node.loc);
  items.forEach((_item, index) => {
    const perItem = itemVars(control, items, index);
    const withItem = varsForTask(pc, host, inh, node.vars, perItem);
    if (holds(withItem)) out.push({ ...render(withItem), vars: perItem });
  });
  return out;
}

function groupInclusions(pc: PlayContext, node: IncludeTask, inh: Inherited, hosts: string[], failed: Map<string, string>): Inclusion[] {
  const groups = new Map<string, Inclusion>();
  for (const host of hosts) {
    try {
      for (const inc of inclusionsOn(pc, node, inh, host)) {
        const key = `${inc.target}\0${JSON.stringify(inc.vars)}\0${JSON.stringify(inc.roleArgs ?? {})}`;
        const group = groups.get(key) ?? { ...inc, hosts: [] };
        group.hosts.push(host);
        groups.set(key, group);
      }
    } catch (err) {
      failed.set(host, (err as Error).message);
    }
  }
  return [...groups.values()];
}

function report(pc: PlayContext, node: IncludeTask, own: Inherited, host: string, result: ModuleResult, started: number): void {
  const status = result.failed ? 'failed' : result.skipped ? 'skipped' : 'ok';
  pc.run.emit({
    type: 'host_result',
    host,
    task: includeDisplayName(node),
    status,
    result,
    durationMs: Date.now() - started,
    ...(result.failed && own.ignore_errors ? { ignored: true } : {}),
  });
  const state = pc.run.hosts.get(host);
  if (status === 'failed') {
    if (own.ignore_errors) {
      pc.run.stats.increment(host, 'ok');
      pc.run.stats.increment(host, 'ignored');
      return;
    }
    // inside a block with rescue a failure counts as rescued, as for a task
    pc.run.stats.increment(host, own.rescuable ? 'rescued' : 'failed');
    state.failed = true;
    return;
  }
  pc.run.stats.increment(host, status);
}

/** What the included tasks inherit: the include's keywords without when/tags, its vars and item, then apply. */
function innerInherited(parent: Inherited, node: IncludeTask, itemVars: Vars): Inherited {
  const { when: _when, tags: _tags, name: _name, ...keywords } = node;
  const vars = { ...(node.vars ?? {}), ...itemVars };
  let next = inheritFrom(parent, { ...keywords, vars });
  if (node.apply) next = inheritFrom(next, node.apply);
  return next;
}

export type NodeRunner = (pc: PlayContext, nodes: readonly TaskNode[], inh: Inherited, hosts: readonly string[]) => Promise<void>;

/** The include's own keywords over the parent's: what its when, loop and target are judged with. */
export function includeOwnInherited(parent: Inherited, node: IncludeTask): Inherited {
  return inheritFrom(parent, { ...node, vars: undefined });
}

/** Runs an include on `hosts`; `parent` is what the include itself inherited. */
export async function runInclude(pc: PlayContext, node: IncludeTask, parent: Inherited, hosts: string[], runNodes: NodeRunner): Promise<void> {
  const started = Date.now();
  const own = includeOwnInherited(parent, node);
  const failed = new Map<string, string>();
  const inclusions = groupInclusions(pc, node, own, hosts, failed);
  const included = new Set(inclusions.flatMap((i) => i.hosts));
  for (const host of hosts) {
    if (failed.has(host)) report(pc, node, own, host, { changed: false, failed: true, msg: failed.get(host) }, started);
    else if (!included.has(host)) report(pc, node, own, host, { changed: false, skipped: true, skip_reason: 'Conditional result was False' }, started);
  }
  // every inclusion is loaded and reported first, as Ansible prints its `included:` lines
  const loaded: Array<{ nodes: TaskNode[]; inh: Inherited; hosts: string[] }> = [];
  for (const inclusion of inclusions) {
    const blocks = await loadInclusion(pc, node, parent, own, inclusion, started);
    if (blocks) loaded.push({ ...blocks, hosts: inclusion.hosts });
  }
  for (const { nodes, inh, hosts: included } of loaded) {
    const ready = pc.run.hosts.active(included);
    if (ready.length) await runNodes(pc, nodes, inh, ready);
  }
}

async function loadInclusion(
  pc: PlayContext,
  node: IncludeTask,
  parent: Inherited,
  own: Inherited,
  inclusion: Inclusion,
  started: number,
): Promise<{ nodes: TaskNode[]; inh: Inherited } | undefined> {
  const playDir = pc.play.dir ?? pc.run.playbook.dir;
  const inner = innerInherited(parent, node, inclusion.vars);
  try {
    if (node.action === 'include_tasks') {
      const nodes = await pc.run.includes.tasks(inclusion.target, node.scope, playDir, node.loc);
      for (const h of inclusion.hosts)
        report(pc, node, own, h, { changed: false, include: inclusion.target, include_args: inclusion.vars, msg: `included: ${inclusion.target}` }, started);
      return { nodes, inh: inner };
    }
    const roleArgs = inclusion.roleArgs ?? {};
    const { block, handlers } = await pc.run.includes.role(inclusion.target, roleArgs, {}, node.scope, playDir, node.loc);
    pc.handlers.add(`${block.role?.path}\0${String(roleArgs.handlers_from ?? 'main')}`, handlers);
    for (const h of inclusion.hosts) {
      report(pc, node, own, h, { changed: false, include: inclusion.target, include_args: inclusion.vars, msg: `included: ${inclusion.target}` }, started);
      if (roleArgs.public === true && block.role) publishRole(pc, h, block);
    }
    return { nodes: [block], inh: inner };
  } catch (err) {
    if (!(err instanceof WarrenError)) throw err;
    for (const h of inclusion.hosts) report(pc, node, own, h, { changed: false, failed: true, msg: err.message }, started);
    return undefined;
  }
}

/** public: true: the role's defaults and vars stay visible to the rest of the play on this host. */
function publishRole(pc: PlayContext, host: string, block: Block): void {
  const state = pc.run.hosts.get(host);
  state.publicRoleDefaults = { ...state.publicRoleDefaults, ...block.role!.defaults };
  state.publicRoleVars = { ...state.publicRoleVars, ...block.role!.vars };
  invalidateHostVars(pc, host);
}
