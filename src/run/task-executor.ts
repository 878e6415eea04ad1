// One task on one host: when, loop, module execution with until/retries, timeout, async, register,
// notify, stats.
import type { ModuleTask } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import { returnsVariables, type ModuleDefinition, type ModuleResult } from '../modules/module.ts';
import { executeModule } from '../modules/execute.ts';
import { canonicalModuleName, taskModule, userFileFields } from '../modules/registry.ts';
import { ASYNC_STATUS_ACTION } from '../load/actions.ts';
import { parseFreeForm } from '../load/free-form.ts';
import { validateModuleArgs } from '../load/module-args.ts';
import { isTrue } from '../template/expression.ts';
import { isPlainRecord } from '../template/convert.ts';
import { toPlain } from '../template/python-numbers.ts';
import { copyUnsafeMarks, unboxed } from '../core/unsafe.ts';
import { OMIT } from '../vars/magic.ts';
import { UnreachableError, InputError } from '../core/errors.ts';
import type { Connection } from '../connection/connection.ts';
import type { Inherited } from './inherit.ts';
import type { PlayContext } from './run-context.ts';
import { buildModuleContext, checkModeFor } from './module-context.ts';
import { controllerPort } from './controller-port.ts';
import { applyResultConditions, failedFromRc, isFailed, untilMet } from './result-rules.ts';
import { varsForTask } from './vars-for-task.ts';
import { recordOutcome, reportItem } from './outcome.ts';
import { remoteUserFor, renderCount } from './templated-keywords.ts';
import { hasLoop, isUndefinedLoopError, itemVars, loopItems, pauseMs, renderedControl } from './loop-items.ts';
import { connectionUntil, withinSeconds } from './task-timeout.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drops keys (deeply) whose rendered value is the `omit` marker. */
export function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return withUnsafeMarks(value, value.filter((v) => v !== OMIT).map(dropOmitted));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out = Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== OMIT)
        .map(([k, v]) => [k, dropOmitted(v)]),
    );
    return withUnsafeMarks(value, out);
  }
  return value;
}

/** The copy stays unsafe where the original was (set_fact stores what the template gave). */
function withUnsafeMarks<T extends object>(from: object, to: T): T {
  copyUnsafeMarks(from, to);
  return to;
}

function whenHolds(task: ModuleTask, inh: Inherited, vars: Vars): boolean {
  return inh.when.every((expr) => isTrue(expr, vars, task.loc));
}

/** Plain JavaScript numbers for the module, except the arguments it takes as Python values. */
function moduleArgs(def: ModuleDefinition, args: Vars): Vars {
  const keep = def.pythonArgs;
  if (keep === 'all') return args;
  const plain = toPlain(args) as Vars;
  if (!keep || plain === args) return plain;
  const out = { ...plain };
  for (const name of keep) if (name in args) out[name] = unboxed(args[name]);
  return out;
}

/** module_defaults for this module under the task's own arguments, as Ansible merges them. */
function argsWithDefaults(task: ModuleTask, inh: Inherited): Vars {
  const defaults = inh.module_defaults?.[task.module];
  return defaults ? { ...defaults, ...task.args } : task.args;
}

/** async_status: jid and mode (status or cleanup), answered from the run's job table. */
function asyncStatus(pc: PlayContext, host: string, args: Vars): ModuleResult {
  const jid = String(args.jid ?? '');
  if (!jid) return { changed: false, failed: true, msg: 'async_status: missing required argument jid' };
  return args.mode === 'cleanup' ? pc.run.jobs.cleanup(jid) : pc.run.jobs.status(jid, host);
}

/** One attempt of the module, with the `timeout` keyword's deadline on its commands (its raw result). */
async function attempt(
  pc: PlayContext,
  task: ModuleTask,
  inh: Inherited,
  host: string,
  vars: Vars,
  conn: Connection,
  args: Vars,
  timeoutSeconds: number | undefined,
  machine: string,
): Promise<ModuleResult> {
  const def = taskModule(task)!;
  const contextOn = (c: Connection) => {
    const ctx = buildModuleContext(pc, host, c, inh, vars, task.loc, machine);
    // only an action plugin asks the runner for modules; the others need no controller port
    if (def.actionPluginFile) ctx.controller = controllerPort(pc, task, inh, host, vars, ctx);
    return ctx;
  };
  const run = (c: Connection) => executeModule(def, contextOn(c), args, { check: checkModeFor(pc, inh) });
  const result = timeoutSeconds ? await withinSeconds(timeoutSeconds, task.module, (deadline) => run(connectionUntil(conn, deadline))) : await run(conn);
  return failedFromRc(result);
}

/** A module name written as a template: rendered with this host's vars, free-form args parsed for it. */
function resolvedModule(pc: PlayContext, task: ModuleTask, vars: Vars): ModuleTask {
  if (!task.module.includes('{{')) return task;
  const written = String(pc.run.engine.renderString(task.module, vars, task.loc)).trim();
  const def = pc.run.includes.modules.find(written);
  if (!def) throw new InputError(`couldn't resolve module/action '${canonicalModuleName(written)}' (from '${task.module}')`, task.loc);
  const { _raw_params: text, ...args } = task.args;
  const parsed = typeof text === 'string' ? { ...args, ...parseFreeForm(def, text, task.loc) } : args;
  const userFile = def.source || def.actionPluginFile;
  return { ...task, module: userFile ? def.name : canonicalModuleName(written), args: parsed, ...userFileFields(def) };
}

/** ansible_delegated_vars: the delegated host's vars under its name (read lazily, like hostvars). */
function withDelegatedVars(vars: Vars, target: string): Vars {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(vars)) as Vars;
  return Object.defineProperty(copy, 'ansible_delegated_vars', {
    enumerable: true,
    configurable: true,
    get: () => ({ [target]: (vars.hostvars as Record<string, Vars> | undefined)?.[target] ?? { inventory_hostname: target } }),
  });
}

/** Renders args, runs the module, retries on `until`; UnreachableError propagates. */
async function runModule(pc: PlayContext, written: ModuleTask, inh: Inherited, host: string, vars: Vars): Promise<ModuleResult> {
  try {
    const task = resolvedModule(pc, written, vars);
    const delegatedTo = inh.delegate_to ? String(pc.run.engine.renderString(inh.delegate_to, vars, task.loc)) : undefined;
    if (delegatedTo) vars = withDelegatedVars(vars, delegatedTo);
    const rendered = dropOmitted(pc.run.engine.renderValue(argsWithDefaults(task, inh), vars, task.loc)) as Vars;
    const def = taskModule(task);
    const args = def ? moduleArgs(def, rendered) : rendered;
    // async_status is answered by the run's job table; `until` polls it like any module
    if (task.module === ASYNC_STATUS_ACTION) return await retryUntil(pc, task, host, vars, async () => asyncStatus(pc, host, args));
    if (!def) throw new InputError(`couldn't resolve module/action '${task.module}'`, task.loc);
    validateModuleArgs(def, args, task.loc);
    const pool = pc.run.connections;
    const target = delegatedTo;
    const remoteUser = remoteUserFor(pc, host, inh);
    const conn = pool.lazy(host, target ? () => pool.delegate(target, remoteUser) : () => pool.get(host, remoteUser));
    const timeout = inh.timeout !== undefined ? renderCount(pc.run, inh.timeout, vars, task.loc, 'timeout', true) : undefined;
    const asyncSeconds = task.async !== undefined ? renderCount(pc.run, task.async, vars, task.loc, 'async', true) : 0;
    if (asyncSeconds > 0) return await runAsync(pc, task, inh, host, vars, conn, args, asyncSeconds, target ?? host);
    return await retryUntil(pc, task, host, vars, () => attempt(pc, task, inh, host, vars, conn, args, timeout, target ?? host));
  } catch (err) {
    if (err instanceof UnreachableError) throw err;
    return { changed: false, failed: true, msg: (err as Error).message };
  }
}

/**
 * Runs `once` until the task's `until` holds (retries, delay), or once without `until`, as
 * Ansible's TaskExecutor does: `attempts` is set before changed_when/failed_when see the result;
 * `retries` <= 0 runs once without checking `until`; when the retries run out, `attempts` says
 * the retries count (one less than the runs: Ansible's figure).
 */
async function retryUntil(pc: PlayContext, task: ModuleTask, host: string, vars: Vars, once: () => Promise<ModuleResult>): Promise<ModuleResult> {
  const retries = task.until?.length ? renderCount(pc.run, task.retries ?? 3, vars, task.loc, 'retries') : 0;
  const attempts = retries > 0 ? retries + 1 : 1;
  const delayMs = attempts > 1 ? renderCount(pc.run, task.delay ?? 5, vars, task.loc, 'delay', true) * 1000 : 0;
  let result: ModuleResult = { changed: false };
  for (let n = 1; n <= attempts; n++) {
    const raw = await once();
    if (task.until?.length) raw.attempts = n;
    result = applyResultConditions(task, vars, raw);
    if (attempts === 1) break;
    if (untilMet(task, vars, result)) return result;
    // Ran out: Ansible sets failed=true (registered so); a failed_when_result, when there is one,
    // still decides the task's outcome (statusOf, Ansible's TaskResult.is_failed)
    if (n === attempts) {
      const outcome = { ...result, attempts: n - 1, failed: true };
      return isFailed(outcome) ? { ...outcome, msg: result.msg ?? 'Retried, condition never met' } : outcome;
    }
    pc.run.emit({ type: 'verbose', level: 0, host, message: `FAILED - RETRYING: [${host}]: ${task.name ?? task.module} (${attempts - n} retries left).` });
    if (delayMs) await sleep(delayMs);
    // A retry waits for the host to change: it must read it again, not remember it.
    pc.run.probeCache.forget();
  }
  return result;
}

/** async: N: the module runs as a job limited to N seconds; poll > 0 waits for it, poll: 0 returns its id (changed). */
async function runAsync(
  pc: PlayContext,
  task: ModuleTask,
  inh: Inherited,
  host: string,
  vars: Vars,
  conn: Connection,
  args: Vars,
  seconds: number,
  machine: string,
): Promise<ModuleResult> {
  const poll = task.poll !== undefined ? renderCount(pc.run, task.poll, vars, task.loc, 'poll', true) : 10;
  const id = pc.run.jobs.start(host, async () => {
    try {
      return applyResultConditions(task, vars, await attempt(pc, task, inh, host, vars, conn, args, seconds, machine));
    } catch (err) {
      const msg = (err as Error).message;
      return {
        changed: false,
        failed: true,
        msg:
          err instanceof UnreachableError
            ? msg
            : msg.replace(/^The \S+ action failed.*$/, `async task did not complete within the requested time - ${seconds}s`),
      };
    }
  });
  // Ansible reports a job it leaves running as changed (action/__init__.py: data['changed'] = True)
  if (poll === 0) return applyResultConditions(task, vars, { changed: true, started: 1, finished: 0, ansible_job_id: id, results_file: '' });
  const result = await pc.run.jobs.wait(id, host, poll * 1000);
  pc.run.jobs.cleanup(id);
  return result;
}

/** Runs the task on one host and records the outcome (events, stats, register, notify). */
export async function runTaskOnHost(pc: PlayContext, task: ModuleTask, inh: Inherited, host: string, applyTo: string[] = [host]): Promise<void> {
  const started = Date.now();
  try {
    const vars = varsForTask(pc, host, inh, task.vars);
    if (!hasLoop(task)) {
      const result = whenHolds(task, inh, vars)
        ? await runModule(pc, task, inh, host, vars)
        : { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: inh.when.join(' and ') };
      recordOutcome(pc, task, inh, host, applyTo, result, Date.now() - started, false);
      return;
    }
    const control = renderedControl(pc, task.loop_control, vars, task.loc);
    const results: ModuleResult[] = [];
    let items: unknown[];
    try {
      items = loopItems(pc, task, inh, vars);
    } catch (err) {
      if (!isUndefinedLoopError(err) || whenHolds(task, inh, vars)) throw err;
      const skipped = { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: inh.when.join(' and ') };
      recordOutcome(pc, task, inh, host, applyTo, skipped, Date.now() - started, false);
      return;
    }
    const pause = items.length > 1 ? pauseMs(pc, control, vars, task.loc) : 0;
    // Ansible: what set_fact/include_vars set in one iteration, the next iterations see, over the
    // task's own vars (`dig_list: "{{ dig_list + [item] }}"` accumulates).
    let carried: Vars = {};
    const carriesVariables = returnsVariables(taskModule(task)?.returns);
    for (let index = 0; index < items.length; index++) {
      if (index > 0 && pause) await sleep(pause);
      const perItem = itemVars(control, items, index);
      const withItem = varsForTask(pc, host, inh, task.vars, { ...carried, ...perItem });
      const itemStarted = Date.now();
      const base = whenHolds(task, inh, withItem)
        ? await runModule(pc, task, inh, host, withItem)
        : { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
      const result: ModuleResult = { ...base, ...perItem };
      if (carriesVariables && isPlainRecord(base.ansible_facts)) carried = { ...carried, ...base.ansible_facts };
      results.push(result);
      const label = control?.label !== undefined ? pc.run.engine.renderValue(control.label, withItem, task.loc) : items[index];
      reportItem(pc, task, inh, host, result, label, Date.now() - itemStarted, perItem);
    }
    recordOutcome(pc, task, inh, host, applyTo, results, Date.now() - started, true);
  } catch (err) {
    if (err instanceof UnreachableError) {
      recordOutcome(pc, task, inh, host, applyTo, { changed: false, unreachable: true, msg: err.message }, Date.now() - started, false);
      return;
    }
    recordOutcome(pc, task, inh, host, applyTo, { changed: false, failed: true, msg: (err as Error).message }, Date.now() - started, false);
  }
}
