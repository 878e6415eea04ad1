// Records a task's outcome on a host: events, stats, host state, register, facts, notify.
import { markUnsafe } from '../core/unsafe.ts';
import type { ModuleTask } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import { returnsVariables, type ModuleResult } from '../modules/module.ts';
import { taskModule } from '../modules/registry.ts';
import type { HostStatus } from '../report/events.ts';
import type { Inherited } from './inherit.ts';
import type { PlayContext } from './run-context.ts';
import { aggregateLoop, censor, isFailed, statusOf } from './result-rules.ts';
import { factsLayer, moduleFactsLayer, unsafeFacts } from './host-state.ts';
import { invalidateHostVars, varsForTask } from './vars-for-task.ts';

export function taskDisplayName(task: ModuleTask): string {
  return task.name ?? task.module;
}

function shown(task: ModuleTask, inh: Inherited, result: ModuleResult): ModuleResult {
  return inh.no_log ? censor(result) : result;
}

export function reportItem(
  pc: PlayContext,
  task: ModuleTask,
  inh: Inherited,
  host: string,
  result: ModuleResult,
  label: unknown,
  durationMs: number,
  itemVars: Vars,
): void {
  const delegatedTo = inh.delegate_to ? delegatedName(pc, task, inh, host, itemVars) : undefined;
  pc.run.emit({
    type: 'host_result',
    host,
    task: taskDisplayName(task),
    status: statusOf(result),
    result: shown(task, inh, result),
    durationMs,
    item: inh.no_log ? null : label,
    ...shownDiff(pc, inh),
    ...withDelegate(delegatedTo),
    ...(isFailed(result) && inh.ignore_errors ? { ignored: true } : {}),
  });
}

function applyFacts(pc: PlayContext, task: ModuleTask, host: string, results: ModuleResult[]): void {
  const state = pc.run.hosts.get(host);
  const returns = taskModule(task)?.returns ?? 'facts';
  // Ansible marks every module's result unsafe except set_fact's and include_vars' (its
  // _ACTION_WITH_CLEAN_FACTS): a fact holding "{{ x }}" is data, never templated again.
  const clean = returnsVariables(returns);
  for (const r of results) {
    if (isFailed(r) || !r.ansible_facts) continue;
    const facts = clean ? r.ansible_facts : unsafeFacts(r.ansible_facts);
    if (returns === 'variables') state.setFacts = { ...state.setFacts, ...facts };
    else if (returns === 'included-variables') state.includeVars = { ...state.includeVars, ...facts };
    else if (returns === 'gathered-facts') state.facts = factsLayer(facts, state.facts);
    else state.facts = moduleFactsLayer(facts, state.facts);
  }
}

function countStats(pc: PlayContext, inh: Inherited, host: string, status: HostStatus, result: ModuleResult): void {
  const { stats } = pc.run;
  const state = pc.run.hosts.get(host);
  switch (status) {
    case 'unreachable':
      // ignore_unreachable: the host stays in the play and the task counts as skipped (as in Ansible)
      if (inh.ignore_unreachable) {
        stats.increment(host, 'skipped');
        return;
      }
      stats.increment(host, 'unreachable');
      state.unreachable = true;
      return;
    case 'skipped':
      stats.increment(host, 'skipped');
      return;
    case 'failed':
      if (inh.ignore_errors) {
        stats.increment(host, 'ok');
        stats.increment(host, 'ignored');
        if (result.changed) stats.increment(host, 'changed');
        return;
      }
      // Ansible counts a failure inside a block with rescue as `rescued`, not `failed`.
      stats.increment(host, inh.rescuable ? 'rescued' : 'failed');
      state.failed = true;
      return;
    default:
      stats.increment(host, 'ok');
      if (status === 'changed') stats.increment(host, 'changed');
  }
}

/** delegate_to as shown in `[h1 -> target]`: rendered like the runner rendered it, with the
 * loop item for a loop's items; undefined when it cannot be (a loop's closing line has no item). */
function delegatedName(pc: PlayContext, task: ModuleTask, inh: Inherited, host: string, itemVars?: Vars): string | undefined {
  const raw = inh.delegate_to!;
  if (!/\{[{%]/.test(raw)) return raw;
  try {
    return String(pc.run.engine.renderString(raw, varsForTask(pc, host, inh, task.vars, itemVars), task.loc));
  } catch {
    return undefined; // the task already failed on this template and says why
  }
}

/** Final outcome of the task on `host`; register/facts/notify also go to `applyTo` (run_once). */
export function recordOutcome(
  pc: PlayContext,
  task: ModuleTask,
  inh: Inherited,
  host: string,
  applyTo: string[],
  outcome: ModuleResult | ModuleResult[],
  durationMs: number,
  isLoop: boolean,
): void {
  const items = Array.isArray(outcome) ? outcome : [outcome];
  const result = Array.isArray(outcome) ? aggregateLoop(outcome) : outcome;
  const status: HostStatus = result.unreachable ? 'unreachable' : statusOf(result, Array.isArray(outcome) ? outcome : undefined);
  if (inh.no_log) pc.run.secrets.add(Object.values(task.vars ?? {}));

  const factsHost = task.delegate_facts && inh.delegate_to ? delegatedName(pc, task, inh, host) : undefined;
  for (const target of applyTo) {
    const state = pc.run.hosts.get(target);
    // delegate_facts: the facts belong to the host the task ran on
    applyFacts(pc, task, factsHost ?? target, items);
    if (factsHost) invalidateHostVars(pc, factsHost);
    const extra: Vars = {};
    // Ansible's registered results always say changed and failed (failed_when already applied; an
    // `until` that ran out keeps failed=true under failed_when: false, as in Ansible);
    // they are data (unsafe): a `{{ }}` in a module's output is never templated.
    if (task.register)
      extra[task.register] = markUnsafe(
        status === 'skipped' ? result : { ...result, changed: !!result.changed, failed: status === 'failed' || result.failed === true },
      );
    if (status === 'failed' && inh.rescuable && !inh.ignore_errors) {
      extra.ansible_failed_task = { name: taskDisplayName(task), action: task.module };
      extra.ansible_failed_result = result;
    }
    if (Object.keys(extra).length) state.setFacts = { ...state.setFacts, ...extra };
    invalidateHostVars(pc, target);
    // As Ansible's strategy: only a task that did not fail notifies (an ignored failure that changed does not)
    if (status === 'changed') {
      for (const name of task.notify ?? []) pc.handlers.notify(name, target);
    }
  }

  pc.run.emit({
    type: 'host_result',
    host,
    task: taskDisplayName(task),
    status,
    result: shown(task, inh, result),
    durationMs,
    ...((status === 'failed' && inh.ignore_errors) || (status === 'unreachable' && inh.ignore_unreachable) ? { ignored: true } : {}),
    ...(isLoop ? { loop: true } : {}),
    ...shownDiff(pc, inh),
    ...withDelegate(inh.delegate_to ? delegatedName(pc, task, inh, host) : undefined),
  });
  countStats(pc, inh, host, status, result);
  // A module's own warnings (pause without a terminal, ...) are shown as Ansible's [WARNING]s.
  if (Array.isArray(result.warnings) && !inh.no_log) for (const w of result.warnings) pc.run.emit({ type: 'warning', message: String(w) });
}

/** The task ran in diff mode: reporters show its diffs (a module's own, file's, is in every result). */
function shownDiff(pc: PlayContext, inh: Inherited): { diff?: true } {
  return (inh.diff ?? pc.run.options.diff) ? { diff: true } : {};
}

function withDelegate(delegatedTo: string | undefined): { delegatedTo?: string } {
  return delegatedTo ? { delegatedTo } : {};
}
