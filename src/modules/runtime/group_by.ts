// group_by: puts the task's host into a group named by `key` (spaces become dashes), created
// under `parents` when missing, in the run's in-memory inventory. In check mode too.
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface GroupByArgs {
  key: string;
  parents?: string | string[];
}

export const groupByModule: ModuleDefinition<GroupByArgs, Record<string, unknown>> = {
  name: 'group_by',
  controllerOnly: true,
  argsSchema: {
    type: 'object',
    description: "Put the host into a group named by a key, in the run's in-memory inventory.",
    properties: {
      key: { type: 'string', minLength: 1, description: 'the group name (spaces become dashes)' },
      parents: { type: ['string', 'array'], items: { type: 'string' }, default: ['all'], description: 'parent group(s) of the new group' },
    },
    required: ['key'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    if (!ctx.inventory) throw new ModuleFailure('group_by needs a playbook run (there is no inventory to change)');
    const group = args.key.replace(/ /g, '-');
    const parents = (Array.isArray(args.parents) ? args.parents : [args.parents ?? 'all']).map((p) => String(p).replace(/ /g, '-'));
    try {
      const changed = ctx.inventory.addToGroup(ctx.host, group, parents);
      return { changed, add_group: group, parent_groups: parents };
    } catch (err) {
      throw new ModuleFailure((err as Error).message);
    }
  },
  plan(state) {
    const { changed, ...result } = state;
    return changed ? { changed: true, result } : { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: true };
  },
};
