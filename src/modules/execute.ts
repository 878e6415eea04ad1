// Runs one module: aliases folded, then prepare (not in check mode) -> probe -> plan -> apply
// (not in check mode). The only place that knows about check mode; module failures become
// failed results.
import type { ModuleContext, ModuleDefinition, ModuleResult } from './module.ts';
import { ModuleFailure } from './module.ts';

export interface ExecuteMode {
  check: boolean;
}

/** Ansible's argument aliases folded into their names; the first alias given wins, the name over all. */
export function foldAliases<A>(def: ModuleDefinition<A>, args: Record<string, unknown>): A {
  if (!def.aliases) return args as A;
  const folded: Record<string, unknown> = { ...args };
  for (const [alias, name] of Object.entries(def.aliases)) {
    if (!(alias in folded)) continue;
    if (!(name in folded)) folded[name] = folded[alias];
    delete folded[alias];
  }
  return folded as A;
}

export async function executeModule<A, S, D>(
  def: ModuleDefinition<A, S, D>,
  ctx: ModuleContext,
  rawArgs: Record<string, unknown>,
  mode: ExecuteMode,
): Promise<ModuleResult> {
  try {
    const args = foldAliases(def, rawArgs);
    if (mode.check && def.checkRun) return await def.checkRun(ctx, args);
    const prepared = !mode.check && def.prepare ? ((await def.prepare(ctx, args)) ?? {}) : {};
    const state = await def.probe(ctx, args);
    const plan = def.plan(state, args);
    const diff = ctx.diff ? plan.diff : undefined;
    const text = mode.check ? (plan.checkMsg ?? plan.msg) : plan.msg;
    const msg = text ? { msg: text } : {};
    if (plan.blockedBy && !mode.check) throw new ModuleFailure(plan.blockedBy);
    if (!plan.changed) return { ...plan.result, ...prepared, changed: false, ...msg };
    if (mode.check) {
      if (plan.unpredictable) return { ...plan.result, changed: false, skipped: true, msg: plan.msg ?? 'skipped in check mode: outcome cannot be predicted' };
      return { ...plan.result, ...prepared, changed: true, ...msg, ...(diff ? { diff } : {}) };
    }
    // Forgotten before (a parallel probe must not keep the old state) and after (nor a probe started meanwhile).
    ctx.probeCache?.forget();
    const result = await def.apply(ctx, args, plan).finally(() => ctx.probeCache?.forget());
    // a rendered diff (a list) exists only in diff mode; a module's own (file's mapping) always does
    const dropped = Array.isArray(result.diff) && !ctx.diff ? { diff: undefined } : {};
    return { ...result, ...prepared, ...(diff && !result.diff ? { diff } : {}), ...dropped };
  } catch (err) {
    // changed as the module said (a command that ran and failed did change, as in Ansible)
    if (err instanceof ModuleFailure) return { ...err.result, changed: err.result.changed === true, failed: true, msg: err.message };
    throw err;
  }
}
