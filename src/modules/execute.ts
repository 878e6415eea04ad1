import type { ModuleContext, ModuleDefinition, ModuleResult } from './module.ts';
import { ModuleFailure } from './module.ts';

/** probe -> plan -> (apply unless check mode). Module failures become failed results. */
export async function executeModule(def: ModuleDefinition, ctx: ModuleContext, args: unknown): Promise<ModuleResult> {
  try {
    const state = await def.probe(ctx, args);
    const plan = def.plan(state, args);
    const diff = ctx.diff ? plan.diff : undefined;
    if (!plan.changed) return { ...plan.result, changed: false, ...(plan.msg ? { msg: plan.msg } : {}) };
    if (ctx.check) {
      if (plan.unpredictable) return { changed: false, skipped: true, msg: 'skipped in check mode: outcome cannot be predicted' };
      return { ...plan.result, changed: true, ...(plan.msg ? { msg: plan.msg } : {}), ...(diff ? { diff } : {}) };
    }
    const result = await def.apply(ctx, args, plan);
    return { ...result, ...(diff && !result.diff ? { diff } : {}), ...(result.diff && !ctx.diff ? { diff: undefined } : {}) };
  } catch (err) {
    if (err instanceof ModuleFailure) return { ...err.result, changed: false, failed: true, msg: err.message };
    throw err;
  }
}
