// The linear strategy: each task runs on every active host of the batch (up to forks in
// parallel); the next task starts when all hosts are done. Blocks give rescue/always per host.
import type { Block, Handler, IncludeTask, ModuleTask, TaskNode } from '../load/model.ts';
import { isTrue } from '../template/expression.ts';
import { enterBlock, enterBlockSection, effectiveTask, inheritFrom, rootInherited, type Inherited } from './inherit.ts';
import { mapWithLimit } from './limiter.ts';
import type { PlayContext } from './run-context.ts';
import { shouldRunTags } from './tags.ts';
import { runTaskOnHost } from './task-executor.ts';
import { taskDisplayName } from './outcome.ts';
import { matchesTaskName } from './start-at.ts';
import { invalidateHostVars, varsForTask } from './vars-for-task.ts';
import { InputError } from '../core/errors.ts';
import { renderCount } from './templated-keywords.ts';
import { includeDisplayName, includeOwnInherited, runInclude } from './includes.ts';
import { META_ACTION } from '../load/actions.ts';
import { taskModule } from '../modules/registry.ts';

function activeHosts(pc: PlayContext, hosts: readonly string[]): string[] {
  return pc.ended ? [] : pc.run.hosts.active(hosts);
}

export async function runNodes(pc: PlayContext, nodes: readonly TaskNode[], inh: Inherited, hosts: readonly string[]): Promise<void> {
  for (const [index, node] of nodes.entries()) {
    if (pc.run.interrupted.value) return;
    const active = activeHosts(pc, hosts);
    if (active.length === 0) return;
    if (node.kind === 'block') await runBlock(pc, node, inh, active);
    else if (node.kind === 'include') await runIncludeNode(pc, node, inh, active);
    else {
      pc.position = { nodes, index, inh };
      await runTask(pc, node, effectiveTask(inh, node), active);
      pc.position = undefined;
    }
  }
}

async function runBlock(pc: PlayContext, block: Block, inh: Inherited, hosts: string[]): Promise<void> {
  const states = pc.run.hosts;
  await runNodes(pc, block.block, enterBlock(inh, block), hosts);
  const failed = hosts.filter((h) => states.get(h).failed && !states.get(h).unreachable);
  if (block.rescue.length && failed.length) {
    for (const h of failed) states.get(h).failed = false;
    await runNodes(pc, block.rescue, enterBlockSection(inh, block), failed);
  }
  if (block.always.length && !pc.ended) {
    // always runs for hosts that failed in the block too; they stay failed afterwards.
    const stillFailed = hosts.filter((h) => states.get(h).failed && !states.get(h).unreachable);
    for (const h of stillFailed) states.get(h).failed = false;
    const cleared = pc.errorsCleared ?? 0;
    await runNodes(
      pc,
      block.always,
      enterBlockSection(inh, block),
      hosts.filter((h) => !states.get(h).unreachable),
    );
    // a meta: clear_host_errors in always forgives the block's failure: the host goes on (as in Ansible)
    if ((pc.errorsCleared ?? 0) === cleared) for (const h of stillFailed) states.get(h).failed = true;
  }
}

async function runIncludeNode(pc: PlayContext, node: IncludeTask, inh: Inherited, hosts: string[]): Promise<void> {
  const own = includeOwnInherited(inh, node);
  if (!selected(pc, node, own)) return;
  pc.run.emit({
    type: 'task_start',
    name: shownName(pc, node, own, hosts, includeDisplayName(node)),
    role: own.role?.name,
    handler: false,
    loc: node.loc,
    hosts,
  });
  await runInclude(pc, node, inh, hosts, runNodes);
  checkFailurePolicies(pc, own, hosts);
}

function selected(pc: PlayContext, task: { name?: string }, inh: Inherited): boolean {
  const startAt = pc.run.startAt;
  if (startAt.pattern !== undefined) {
    if (!matchesTaskName(startAt.pattern, task.name, inh.role?.name)) return false;
    startAt.pattern = undefined;
  }
  return shouldRunTags(inh.tags, pc.run.tags);
}

async function runTask(pc: PlayContext, task: ModuleTask, inh: Inherited, hosts: string[]): Promise<void> {
  if (task.module === META_ACTION) return runMeta(pc, task, inh, hosts);
  if (!selected(pc, task, inh)) return;
  pc.run.emit({ type: 'task_start', name: shownName(pc, task, inh, hosts), role: inh.role?.name, handler: false, loc: task.loc, hosts });
  await runOnHosts(pc, task, inh, hosts);
  checkFailurePolicies(pc, inh, hosts);
}

/**
 * The name the task's banner shows: templated with the first host's vars, as Ansible's strategy
 * does (fail_on_undefined=False: a name that cannot render, e.g. one naming `item`, is shown as
 * written). An `!unsafe` name renders to itself.
 */
function shownName(pc: PlayContext, task: ModuleTask | IncludeTask, inh: Inherited, hosts: string[], raw = taskDisplayName(task as ModuleTask)): string {
  if (!task.name || task.name_unsafe || !/\{[{%]/.test(raw) || hosts.length === 0) return raw;
  try {
    return String(pc.run.engine.renderString(task.name, varsForTask(pc, hosts[0]!, inh, task.vars), task.loc));
  } catch {
    return raw;
  }
}

/** Runs one task on hosts honouring forks, throttle and run_once. */
export async function runOnHosts(pc: PlayContext, task: ModuleTask, inh: Inherited, hosts: string[]): Promise<void> {
  if (inh.run_once || taskModule(task)?.bypassHostLoop) {
    await runTaskOnHost(pc, task, inh, hosts[0]!, hosts);
    return;
  }
  await mapWithLimit(hosts, parallelism(pc, task, inh, hosts), (h) => runTaskOnHost(pc, task, inh, h));
}

/** forks, lowered by `throttle` (task, block, role or play; 0 = no limit), as Ansible: a template
 * is rendered with the first host's vars, and throttle never raises the limit above forks. */
function parallelism(pc: PlayContext, task: ModuleTask, inh: Inherited, hosts: string[]): number {
  const forks = pc.run.options.forks;
  if (inh.throttle === undefined || hosts.length === 0) return forks;
  const vars = typeof inh.throttle === 'string' ? varsForTask(pc, hosts[0]!, inh, task.vars) : {};
  const throttle = renderCount(pc.run, inh.throttle, vars, task.loc, 'throttle');
  return throttle === 0 ? forks : Math.min(forks, throttle);
}

/** any_errors_fatal and max_fail_percentage end the play for the whole batch; as in Ansible, not
 * while a rescue or always of an enclosing block is still to run for the failed host. */
function checkFailurePolicies(pc: PlayContext, inh: Inherited, hosts: string[]): void {
  const states = pc.run.hosts;
  const failedNow = hosts.filter((h) => states.get(h).failed || states.get(h).unreachable);
  if (inh.any_errors_fatal && !inh.rescuable && !inh.alwaysFollows && failedNow.length) {
    endPlay(pc, `any_errors_fatal: ${failedNow.join(', ')} failed`);
    return;
  }
  const pct = pc.maxFailPercentage;
  if (pct !== undefined) {
    const failedInBatch = pc.batch.filter((h) => states.get(h).failed || states.get(h).unreachable).length;
    if ((failedInBatch / pc.batch.length) * 100 > pct) endPlay(pc, `max_fail_percentage ${pct}% exceeded`);
  }
}

/** any_errors_fatal / max_fail_percentage: every host of the batch counts as failed from now on
 * (without a recap failure), and no later batch or play starts, as ansible-playbook does. */
function endPlay(pc: PlayContext, why: string): void {
  endBatch(pc);
  for (const h of pc.batch) pc.run.hosts.get(h).failed = true;
  pc.playStop.ended = true;
  pc.playStop.fatal = true;
  pc.run.emit({ type: 'warning', message: `NO MORE HOSTS LEFT (${why})` });
}

function metaAction(task: ModuleTask): string {
  const value = Object.values(task.args).find((v) => typeof v === 'string');
  return String(value ?? '').trim();
}

function endBatch(pc: PlayContext): void {
  pc.ended = true;
  for (const h of pc.batch) pc.run.hosts.get(h).endedPlay = true;
}

async function runMeta(pc: PlayContext, task: ModuleTask, inh: Inherited, hosts: string[]): Promise<void> {
  const action = metaAction(task);
  if (action === 'flush_handlers') return flushHandlers(pc);
  if (!selected(pc, task, inh)) return;
  const holds = (h: string) => inh.when.every((e) => isTrue(e, varsForTask(pc, h, inh, task.vars), task.loc));
  const states = pc.run.hosts;
  switch (action) {
    case 'end_play':
      if (!hosts.some(holds)) return;
      pc.playStop.ended = true;
      return endBatch(pc);
    case 'end_batch':
      if (hosts.some(holds)) endBatch(pc);
      return;
    case 'end_host':
      for (const h of hosts.filter(holds)) states.get(h).endedPlay = true;
      return;
    case 'clear_host_errors':
      // As in Ansible, a host that failed outside a block stays done with this play but takes part
      // in the next ones; one in a block's always section goes on (runBlock sees the count).
      pc.errorsCleared = (pc.errorsCleared ?? 0) + 1;
      for (const h of pc.batch) pc.run.stats.forgiveFailures(h);
      for (const h of pc.batch.filter((b) => states.get(b).failed)) {
        states.get(h).failed = false;
        states.get(h).endedPlay = true;
      }
      return;
    case 'clear_facts':
      for (const h of hosts.filter(holds)) {
        states.get(h).facts = {};
        invalidateHostVars(pc, h);
      }
      return;
    case 'reset_connection':
      await Promise.all(hosts.filter(holds).map((h) => pc.run.connections.reset(h)));
      return;
    case 'noop':
      return;
    case 'refresh_inventory':
      await pc.run.refreshInventory();
      pc.baseVarsCache.clear();
      return;
    default:
      throw new InputError(`meta: unknown action '${action}'`, task.loc);
  }
}

/** Runs notified handlers in definition order, once per notified host. */
export async function flushHandlers(pc: PlayContext): Promise<void> {
  const force = pc.play.force_handlers || pc.run.options.forceHandlers;
  const states = pc.run.hosts;
  let next = pc.handlers.takeNext();
  while (next) {
    const hosts = next.hosts.filter((h) => (force ? !states.get(h).unreachable : states.get(h).active));
    if (hosts.length && !pc.run.interrupted.value) {
      // force_handlers: failed hosts still run their notified handlers
      const failed = force ? hosts.filter((h) => states.get(h).failed) : [];
      for (const h of failed) states.get(h).failed = false;
      await runHandler(pc, next.handler, hosts);
      for (const h of failed) states.get(h).failed = true;
    }
    next = pc.handlers.takeNext();
  }
}

async function runHandler(pc: PlayContext, handler: Handler, hosts: string[]): Promise<void> {
  // an import_playbook `when` guards the play's tasks, not its handlers (as in Ansible)
  const root = { ...rootInherited(pc.play), when: [] };
  if (handler.kind === 'include') {
    // a handler include runs its tasks (as the role's, when the role defined it) on the notified hosts
    const parent = handler.scope.role ? inheritFrom(root, { role: handler.scope.role }) : root;
    pc.run.emit({ type: 'task_start', name: includeDisplayName(handler), role: parent.role?.name, handler: true, loc: handler.loc, hosts });
    await runInclude(pc, handler, parent, hosts, runNodes);
    return;
  }
  const inh = effectiveTask(root, handler);
  pc.run.emit({ type: 'task_start', name: shownName(pc, handler, inh, hosts), role: inh.role?.name, handler: true, loc: handler.loc, hosts });
  await runOnHosts(pc, handler, inh, hosts);
}
