// Turning module results into Ansible's task outcome: changed_when, failed_when, no_log, status.
import type { ModuleTask } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { ModuleResult } from '../modules/module.ts';
import type { HostStatus } from '../report/events.ts';
import { isTrue } from '../template/expression.ts';
import { InputError, TemplateError } from '../core/errors.ts';

export const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** Vars to evaluate result conditions with: the result bound to the register name. */
export function resultVars(vars: Vars, task: ModuleTask, result: ModuleResult): Vars {
  if (!task.register) return vars;
  // Copy descriptors, not values: lazily templated vars must stay lazy.
  const scope = Object.create(Object.getPrototypeOf(vars), Object.getOwnPropertyDescriptors(vars)) as Vars;
  Object.defineProperty(scope, task.register, { value: result, enumerable: true, configurable: true, writable: true });
  return scope;
}

/**
 * Applies changed_when / failed_when (all entries must hold, like `when`). As in Ansible, a
 * condition that cannot be evaluated fails the task but keeps the module's result, with the
 * error text as `changed_when_result` / `failed_when_result`.
 */
export function applyResultConditions(task: ModuleTask, vars: Vars, result: ModuleResult): ModuleResult {
  if (!task.changed_when?.length && !task.failed_when?.length) return result;
  const out: ModuleResult = { ...result };
  const scope = resultVars(vars, task, result);
  let key = 'changed_when_result';
  try {
    if (task.changed_when?.length) out.changed = task.changed_when.every((e) => isTrue(e, scope, task.loc));
    key = 'failed_when_result';
    if (task.failed_when?.length) {
      const failed = task.failed_when.every((e) => isTrue(e, scope, task.loc));
      out.failed_when_result = failed;
      out.failed = failed;
      if (!failed && out.msg === undefined) delete out.msg;
    }
  } catch (error) {
    if (!(error instanceof TemplateError || error instanceof InputError)) throw error;
    out.failed = true;
    out.msg = `The conditional check '${key === 'changed_when_result' ? task.changed_when!.join(' and ') : task.failed_when!.join(' and ')}' failed. The error was: ${error.message}`;
    out[key] = `The conditional check failed: ${error.message}`;
  }
  return out;
}

/**
 * Ansible's TaskExecutor: a result that does not say `failed` fails when it has an `rc` other
 * than 0 (modules, and action plugins, that report only their exit code), before changed_when,
 * failed_when and until see it.
 */
export function failedFromRc(result: ModuleResult): ModuleResult {
  if (result.failed !== undefined || result.rc === undefined || result.rc === 0 || result.rc === '0') return result;
  return { ...result, failed: true };
}

export function untilMet(task: ModuleTask, vars: Vars, result: ModuleResult): boolean {
  const scope = resultVars(vars, task, result);
  return (task.until ?? []).every((e) => isTrue(e, scope, task.loc));
}

export function censor(result: ModuleResult): ModuleResult {
  return { censored: NO_LOG_MESSAGE, changed: result.changed, ...(result.failed ? { failed: true } : {}), ...(result.skipped ? { skipped: true } : {}) };
}

/**
 * Ansible's TaskResult.is_failed: a failed_when_result decides over `failed` (which `until` sets
 * when its retries run out, and which stays registered); for a loop, any item's decides.
 */
export function isFailed(result: ModuleResult, items?: ModuleResult[]): boolean {
  const all = items ?? [result];
  if (all.some((r) => 'failed_when_result' in r)) return all.some((r) => !!r.failed_when_result);
  return all.some((r) => r.failed === true);
}

/** `items`: a loop's results, whose failed_when_result decide over the aggregate's `failed`. */
export function statusOf(result: ModuleResult, items?: ModuleResult[]): HostStatus {
  if (isFailed(result, items)) return 'failed';
  if (result.skipped) return 'skipped';
  return result.changed ? 'changed' : 'ok';
}

/** Registered value of a loop: Ansible's `results` list plus overall flags. */
export function aggregateLoop(results: ModuleResult[]): ModuleResult {
  const failed = results.some((r) => r.failed);
  const changed = results.some((r) => r.changed);
  const skipped = results.length === 0 || results.every((r) => r.skipped);
  return {
    changed,
    ...(failed ? { failed: true } : {}),
    ...(skipped ? { skipped: true } : {}),
    msg: failed ? 'One or more items failed' : skipped && results.length === 0 ? 'No items in the list' : 'All items completed',
    results,
  };
}
