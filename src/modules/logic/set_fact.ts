// set_fact: sets host variables for the rest of the run (returned as ansible_facts, which the
// runner stores as host vars, as Ansible does). `cacheable` is accepted and ignored.
import type { Vars } from '../../core/vars.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no']);

export const setFactModule: ModuleDefinition<Vars, Vars> = {
  name: 'set_fact',
  returns: 'variables',
  controllerOnly: true,
  pythonArgs: 'all',
  argsSchema: {
    type: 'object',
    properties: { cacheable: { type: 'boolean' } },
    // a templated name (`"{{ item.key }}=..."`) is checked once the runner rendered it
    propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$|\\{\\{' },
    additionalProperties: true,
  },
  async probe(_ctx, args) {
    const { cacheable: _cacheable, ...facts } = args;
    if (Object.keys(facts).length === 0) throw new ModuleFailure('No key/value pairs provided, at least one is required for this action to succeed');
    for (const [key, value] of Object.entries(facts)) {
      // Ansible's set_fact (without jinja2_native) turns these words into booleans, templated or not.
      if (typeof value === 'string' && BOOLEAN_WORDS.has(value.toLowerCase())) facts[key] = /^(true|yes)$/i.test(value);
    }
    return facts;
  },
  plan(facts) {
    return { changed: false, result: { ansible_facts: facts } };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
