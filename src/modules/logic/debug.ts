// debug: prints a message or a variable's value; runs on the controller only.
import type { Vars } from '../../core/vars.ts';
import { evaluate, isTrue } from '../../template/expression.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface DebugArgs {
  msg?: unknown;
  var?: string;
  verbosity?: number;
}

export interface DebugState {
  value?: unknown;
  /** The run's -v count (the ansible_verbosity magic variable). */
  runVerbosity: number;
}

export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!';

function varValue(expr: string, vars: Vars): unknown {
  return isTrue(`${expr} is defined`, vars) ? evaluate(expr, vars) : NOT_DEFINED;
}

export const debugModule: ModuleDefinition<DebugArgs, DebugState> = {
  name: 'debug',
  controllerOnly: true,
  pythonArgs: 'all',
  argsSchema: {
    type: 'object',
    properties: { msg: {}, var: { type: 'string', minLength: 1 }, verbosity: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    if (args.msg !== undefined && args.var !== undefined) throw new ModuleFailure("'msg' and 'var' are incompatible options");
    const runVerbosity = Number(ctx.vars.ansible_verbosity ?? 0) || 0;
    if (args.var === undefined || (args.verbosity ?? 0) > runVerbosity) return { runVerbosity };
    return { runVerbosity, value: varValue(args.var, ctx.vars) };
  },
  plan(state, args) {
    if ((args.verbosity ?? 0) > state.runVerbosity) {
      return { changed: false, result: { skipped: true, skipped_reason: 'Verbosity threshold not met.' } };
    }
    // _ansible_verbose_always: the reporters print the value without -v, as Ansible's debug does
    if (args.var !== undefined) return { changed: false, result: { [args.var]: state.value, _ansible_verbose_always: true } };
    return { changed: false, result: { msg: args.msg ?? 'Hello world!', _ansible_verbose_always: true } };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
