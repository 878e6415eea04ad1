// `warren <command>`: subcommands are added by registrar functions (run here; lab, vault,
// secrets, verify are registered the same way by their own modules).
import { Command } from 'commander';
import { exitFiveOnBadOptions, parseAndRun, registerRunCommand } from './run-command.ts';
import { registerLabCommand } from './lab.ts';
import { registerVaultCommands } from './vault.ts';
import { registerSecretsCommands } from './secrets.ts';
import { registerVerifyCommand } from './verify.ts';
import { registerAdhocCommand } from './adhoc.ts';
import { registerInventoryCommand } from './inventory.ts';
import { registerDocCommand } from './doc.ts';
import { registerReportCommand } from './report.ts';
import { registerCompletionCommand } from './completion.ts';
import { warrenVersionText } from './version.ts';

export type CommandRegistrar = (program: Command) => void;

export const commandRegistrars: CommandRegistrar[] = [
  registerRunCommand,
  registerLabCommand,
  registerVaultCommands,
  registerSecretsCommands,
  registerVerifyCommand,
  registerAdhocCommand,
  registerInventoryCommand,
  registerDocCommand,
  registerReportCommand,
  registerCompletionCommand,
];

export function createWarrenProgram(registrars: CommandRegistrar[] = commandRegistrars): Command {
  const program = exitFiveOnBadOptions(new Command('warren').description('Declarative, Ansible-style task runner').version(warrenVersionText('warren')));
  for (const register of registrars) register(program);
  for (const sub of program.commands) exitFiveOnBadOptions(sub);
  return program;
}

// Not a top-level await: the bundle is CommonJS (scripts/build.mjs); parseAndRun never rejects.
void parseAndRun(createWarrenProgram(), process.argv);
