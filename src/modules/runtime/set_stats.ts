// set_stats: custom statistics kept by the run, per host or for the whole run, aggregated
// (numbers added, lists joined, mappings merged) or replaced, as Ansible's.
import type { Vars } from '../../core/vars.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface SetStatsArgs {
  data: Vars;
  per_host?: boolean;
  aggregate?: boolean;
}

export const setStatsModule: ModuleDefinition<SetStatsArgs, Record<string, unknown>> = {
  name: 'set_stats',
  controllerOnly: true,
  argsSchema: {
    type: 'object',
    description: 'Set custom statistics for the run (shown by callbacks that show custom stats).',
    properties: {
      data: { type: 'object', description: 'the statistics, name -> value' },
      per_host: { type: 'boolean', default: false, description: 'keep them per host instead of for the run' },
      aggregate: { type: 'boolean', default: true, description: 'add to earlier values instead of replacing them' },
    },
    required: ['data'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    for (const key of Object.keys(args.data)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
        throw new ModuleFailure(
          `The variable name '${key}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`,
        );
    }
    const stats = { data: args.data, per_host: args.per_host ?? false, aggregate: args.aggregate ?? true };
    ctx.setStats?.(args.data, { perHost: stats.per_host, aggregate: stats.aggregate });
    return { ansible_stats: stats };
  },
  plan(result) {
    return { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
