// assert: every condition in `that` must be true; conditions use the shared expression
// language (no braces), evaluated on the controller with the task's vars.
import { isTrue } from '../../template/expression.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface AssertArgs {
  that: string | boolean | Array<string | boolean | null>;
  fail_msg?: unknown; // msg folded in (alias)
  success_msg?: unknown;
  quiet?: boolean;
}

export interface AssertState {
  /** The first condition that was false, if any. */
  failedAssertion?: string | boolean;
}

export const assertModule: ModuleDefinition<AssertArgs, AssertState> = {
  name: 'assert',
  aliases: { msg: 'fail_msg' },
  controllerOnly: true,
  argsSchema: {
    type: 'object',
    properties: {
      that: { anyOf: [{ type: ['string', 'boolean'] }, { type: 'array', items: { type: ['string', 'boolean', 'null'] }, minItems: 1 }] },
      fail_msg: {},
      msg: {},
      success_msg: {},
      quiet: { type: 'boolean' },
    },
    required: ['that'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    // An empty list entry is true, as Ansible's conditional treats None and ''
    const failedAssertion = conditions.find((condition) => condition !== null && condition !== '' && !isTrue(condition, ctx.vars)) as
      | string
      | boolean
      | undefined;
    return failedAssertion === undefined ? {} : { failedAssertion };
  },
  plan(state, args) {
    if (state.failedAssertion !== undefined) {
      const message = args.fail_msg ?? 'Assertion failed';
      throw new ModuleFailure(typeof message === 'string' ? message : JSON.stringify(message), {
        assertion: state.failedAssertion,
        evaluated_to: false,
      });
    }
    const msg = args.success_msg ?? 'All assertions passed';
    return { changed: false, result: args.quiet ? {} : { msg }, ...(args.quiet || typeof msg !== 'string' ? {} : { msg }) };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
