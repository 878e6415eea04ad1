// command: runs a program with arguments, never through shell interpretation: the free-form
// line is split with shell-like quoting and every word is quoted before exec.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { CommandGuardArgs, GuardState } from './command-run.ts';
import { cdPrefix, planCommand, probeGuards, runCommand } from './command-run.ts';
import { splitShellWords } from './shell-words.ts';

export interface CommandArgs extends CommandGuardArgs {
  cmd?: string;
  argv?: string[];
}

export const guardProperties = {
  creates: { type: 'string' },
  removes: { type: 'string' },
  chdir: { type: 'string' },
  stdin: { type: 'string' },
  stdin_add_newline: { type: 'boolean' },
  strip_empty_ends: { type: 'boolean' },
};

export function commandArgv(args: CommandArgs): string[] {
  if (args.cmd !== undefined && args.argv !== undefined) throw new ModuleFailure('parameters are mutually exclusive: cmd|argv');
  const argv = args.argv ?? splitShellWords(args.cmd ?? '');
  if (argv.length === 0) throw new ModuleFailure('no command given');
  return argv;
}

export const commandModule: ModuleDefinition<CommandArgs, GuardState> = {
  name: 'command',
  freeForm: 'cmd',
  argsSchema: {
    type: 'object',
    properties: { cmd: { type: 'string' }, argv: { type: 'array', items: { type: 'string' }, minItems: 1 }, ...guardProperties },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    commandArgv(args);
    return probeGuards(ctx, args);
  },
  plan(state, args) {
    return planCommand(state, args, commandArgv(args));
  },
  async apply(ctx, args) {
    const argv = commandArgv(args);
    return runCommand(ctx, `${cdPrefix(args.chdir)}exec ${argv.map(shellQuote).join(' ')}`, args, argv);
  },
};
