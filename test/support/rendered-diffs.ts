// A result's rendered diffs (warren's Diff list); a module's own mapping diff (file's) is not one.
import type { Diff, ModuleResult, Plan } from '../../src/modules/module.ts';

export function renderedDiffs(result: Pick<ModuleResult | Plan<unknown>, 'diff'>): Diff[] {
  if (result.diff !== undefined && !Array.isArray(result.diff)) throw new Error(`expected a list of rendered diffs, got ${JSON.stringify(result.diff)}`);
  return result.diff ?? [];
}
