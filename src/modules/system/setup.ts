// setup: (re)gathers facts in one round trip; gather_subset is accepted (warren always gathers
// its whole, cheap set) and filter narrows the returned names with shell-style globs.
import { gatherFacts, pythonInterpreter } from '../../facts/gather.ts';
import type { Vars } from '../../core/vars.ts';
import type { ModuleDefinition } from '../module.ts';

interface SetupArgs {
  gather_subset?: string | string[];
  filter?: string | string[];
  gather_timeout?: number;
  fact_path?: string;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** Keeps the facts whose name (or ansible_-prefixed name, as Ansible writes filters) matches. */
export function filterFacts(facts: Vars, filter: SetupArgs['filter']): Vars {
  const globs = (Array.isArray(filter) ? filter : filter ? filter.split(',') : []).map((g) => g.trim()).filter(Boolean);
  if (!globs.length) return facts;
  const patterns = globs.map(globToRegExp);
  return Object.fromEntries(Object.entries(facts).filter(([name]) => patterns.some((p) => p.test(name) || p.test(`ansible_${name}`))));
}

const stringOrList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

export const setupModule: ModuleDefinition<SetupArgs, Vars> = {
  name: 'setup',
  returns: 'gathered-facts',
  argsSchema: {
    type: 'object',
    properties: { gather_subset: stringOrList, filter: stringOrList, gather_timeout: { type: 'integer', minimum: 1 }, fact_path: { type: 'string' } },
    additionalProperties: false,
  },
  probe: (ctx) => gatherFacts(ctx.target, pythonInterpreter(ctx.vars.ansible_python_interpreter)),
  plan: (facts, args) => ({ changed: false, result: { ansible_facts: filterFacts(facts, args.filter) } }),
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
