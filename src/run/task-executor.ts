// One task on one host: when, loop, module execution with until/retries, register, notify, stats.
import type { ModuleTask } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { ModuleResult } from '../modules/module.ts';
import { executeModule } from '../modules/execute.ts';
import { findModule } from '../modules/registry.ts';
import { validateModuleArgs } from '../load/module-args.ts';
import { isTrue } from '../template/expression.ts';
import { OMIT } from '../vars/magic.ts';
import { UnreachableError, InputError } from '../core/errors.ts';
import type { Inherited } from './inherit.ts';
import type { PlayContext } from './run-context.ts';
import { buildModuleContext, checkModeFor } from './module-context.ts';
import { applyResultConditions, untilMet } from './result-rules.ts';
import { varsForTask } from './vars-for-task.ts';
import { recordOutcome, reportItem } from './outcome.ts';
import { remoteUserFor, renderCount } from './templated-keywords.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drops keys (deeply) whose rendered value is the `omit` marker. */
export function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(dropOmitted);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== OMIT).map(([k, v]) => [k, dropOmitted(v)]));
  }
  return value;
}

function whenHolds(task: ModuleTask, inh: Inherited, vars: Vars): boolean {
  return inh.when.every((expr) => isTrue(expr, vars, task.loc));
}

/** Renders args, runs the module, retries on `until`; UnreachableError propagates. */
async function runModule(pc: PlayContext, task: ModuleTask, inh: Inherited, host: string, vars: Vars): Promise<ModuleResult> {
  try {
    const def = findModule(task.module);
    if (!def) throw new InputError(`couldn't resolve module/action '${task.module}'`, task.loc);
    const args = dropOmitted(pc.run.engine.renderValue(task.args, vars, task.loc)) as Vars;
    validateModuleArgs(def, args, task.loc);
    const pool = pc.run.connections;
    const target = inh.delegate_to ? String(pc.run.engine.renderString(inh.delegate_to, vars, task.loc)) : undefined;
    const remoteUser = remoteUserFor(pc, host);
    const conn = pool.lazy(host, target ? () => pool.delegate(target, remoteUser) : () => pool.get(host, remoteUser));
    const ctx = buildModuleContext(pc, host, conn, inh, vars, task.loc);
    const attempts = task.until?.length ? renderCount(pc.run, task.retries ?? 3, vars, task.loc, 'retries') + 1 : 1;
    const delayMs = task.until?.length ? renderCount(pc.run, task.delay ?? 5, vars, task.loc, 'delay') * 1000 : 0;
    let result: ModuleResult = { changed: false };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      result = applyResultConditions(task, vars, await executeModule(def, ctx, args, { check: checkModeFor(pc, inh) }));
      if (!task.until?.length) break;
      result.attempts = attempt;
      if (untilMet(task, vars, result)) return result;
      if (attempt === attempts) return { ...result, failed: true, msg: result.msg ?? 'Retried, condition never met' };
      pc.run.emit({ type: 'verbose', level: 0, host, message: `FAILED - RETRYING: [${host}]: ${task.name ?? task.module} (${attempts - attempt} retries left).` });
      if (delayMs) await sleep(delayMs);
    }
    return result;
  } catch (err) {
    if (err instanceof UnreachableError) throw err;
    return { changed: false, failed: true, msg: (err as Error).message };
  }
}

function loopItems(pc: PlayContext, task: ModuleTask, vars: Vars): unknown[] {
  const rendered = pc.run.engine.renderValue(task.loop, vars, task.loc);
  if (!Array.isArray(rendered)) throw new InputError(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(rendered)}`, task.loc);
  return rendered;
}

/** Runs the task on one host and records the outcome (events, stats, register, notify). */
export async function runTaskOnHost(pc: PlayContext, task: ModuleTask, inh: Inherited, host: string, applyTo: string[] = [host]): Promise<void> {
  const started = Date.now();
  try {
    const vars = varsForTask(pc, host, inh, task.vars);
    if (task.loop === undefined) {
      const result = whenHolds(task, inh, vars)
        ? await runModule(pc, task, inh, host, vars)
        : { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: inh.when.join(' and ') };
      recordOutcome(pc, task, inh, host, applyTo, result, Date.now() - started, false);
      return;
    }
    const loopVar = task.loop_control?.loop_var ?? 'item';
    const indexVar = task.loop_control?.index_var;
    const results: ModuleResult[] = [];
    const items = loopItems(pc, task, vars);
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      const itemVars = varsForTask(pc, host, inh, task.vars, { [loopVar]: item, ansible_loop_var: loopVar, ...(indexVar ? { [indexVar]: index } : {}) });
      const itemStarted = Date.now();
      const base = whenHolds(task, inh, itemVars)
        ? await runModule(pc, task, inh, host, itemVars)
        : { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
      const result: ModuleResult = { ...base, [loopVar]: item, ansible_loop_var: loopVar, ...(indexVar ? { [indexVar]: index } : {}) };
      results.push(result);
      const label = task.loop_control?.label !== undefined ? pc.run.engine.renderValue(task.loop_control.label, itemVars, task.loc) : item;
      reportItem(pc, task, inh, host, result, label, Date.now() - itemStarted);
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
