// ping: proves warren can log in and run a command on the host (Ansible's ping proves Python
// works; warren needs only a POSIX shell, so it runs `true`). `data: crash` fails, as in Ansible.
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';

export interface PingArgs {
  data?: string;
}

export const pingModule: ModuleDefinition<PingArgs, PingArgs> = {
  name: 'ping',
  argsSchema: {
    type: 'object',
    description: 'Try to connect to the host and run a command there; returns pong.',
    properties: { data: { type: 'string', default: 'pong', description: "returned as ping; 'crash' makes the task fail" } },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    await runOrFail(ctx, 'true', 'ping');
    return args;
  },
  plan(_state, args) {
    const data = args.data ?? 'pong';
    if (data === 'crash') throw new ModuleFailure('boom');
    return { changed: false, result: { ping: data } };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
