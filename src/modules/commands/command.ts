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
  /** accepted and ignored with a warning, as Ansible has since 2.4 */
  executable?: string;
}

export const guardProperties = {
  // Ansible's 'path' type takes any scalar (`creates: yes` is the path 'True')
  creates: { type: ['string', 'boolean', 'number'] },
  removes: { type: ['string', 'boolean', 'number'] },
  chdir: { type: 'string' },
  stdin: { type: 'string' },
  stdin_add_newline: { type: 'boolean' },
  strip_empty_ends: { type: 'boolean' },
};

export function commandArgv(args: CommandArgs): string[] {
  // Ansible's messages and rc 256 for a command that never started
  if (args.cmd !== undefined && args.argv !== undefined) throw new ModuleFailure('only command or argv can be given, not both', { rc: 256 });
  const argv = args.argv ?? splitShellWords(args.cmd ?? '');
  if (argv.length === 0) throw new ModuleFailure('no command given', { rc: 256 });
  return argv;
}

export const commandModule: ModuleDefinition<CommandArgs, GuardState> = {
  name: 'command',
  freeForm: 'cmd',
  argsSchema: {
    type: 'object',
    properties: {
      cmd: { type: 'string' },
      argv: { type: 'array', items: { type: 'string' }, minItems: 1 },
      executable: { type: 'string' },
      ...guardProperties,
    },
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
    const result = await runCommand(ctx, `${cdPrefix(args.chdir)}exec ${argv.map(shellQuote).join(' ')}`, args, argv);
    if (args.executable === undefined) return result;
    const warning = `As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${args.executable}'.`;
    return { ...result, warnings: [warning] };
  },
};
