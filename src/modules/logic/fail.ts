// fail: stops the host with a message.
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface FailArgs {
  msg?: unknown;
}

export const failModule: ModuleDefinition<FailArgs, FailArgs> = {
  name: 'fail',
  controllerOnly: true,
  argsSchema: { type: 'object', properties: { msg: {} }, additionalProperties: false },
  async probe(_ctx, args) {
    return args;
  },
  plan(_state, args) {
    const msg = args.msg ?? 'Failed as requested from task';
    throw new ModuleFailure(typeof msg === 'string' ? msg : JSON.stringify(msg));
  },
  async apply() {
    throw new ModuleFailure('fail never applies');
  },
};
