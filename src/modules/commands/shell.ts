// shell: runs the text through /bin/sh (or `executable`), so pipes, redirections and
// variables work; creates/removes make it predictable.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { CommandGuardArgs, GuardState } from './command-run.ts';
import { cdPrefix, planCommand, probeGuards, runCommand } from './command-run.ts';
import { guardProperties } from './command.ts';

export interface ShellArgs extends CommandGuardArgs {
  cmd?: string;
  executable?: string;
}

function shellText(args: ShellArgs): string {
  if (!args.cmd || args.cmd.trim() === '') throw new ModuleFailure('no command given');
  return args.cmd;
}

export const shellModule: ModuleDefinition<ShellArgs, GuardState> = {
  name: 'shell',
  freeForm: 'cmd',
  argsSchema: {
    type: 'object',
    properties: { cmd: { type: 'string' }, executable: { type: 'string' }, ...guardProperties },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    shellText(args);
    return probeGuards(ctx, args);
  },
  plan(state, args) {
    return planCommand(state, args, shellText(args));
  },
  async apply(ctx, args) {
    const text = shellText(args);
    const body = args.executable ? `exec ${shellQuote(args.executable)} -c ${shellQuote(text)}` : text;
    return runCommand(ctx, `${cdPrefix(args.chdir)}${body}`, args, text);
  },
};
