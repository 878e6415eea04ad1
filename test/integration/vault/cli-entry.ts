// A minimal `warren` with only the vault and secrets commands, so their tests do not depend on
// the rest of the CLI being wired. Usage errors exit 5, as in the real program.
import { Command, CommanderError } from 'commander';
import { registerSecretsCommands } from '../../../src/cli/secrets.ts';
import { registerVaultCommands } from '../../../src/cli/vault.ts';

const program = new Command('warren').exitOverride();
registerVaultCommands(program);
registerSecretsCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  process.exitCode = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? 0 : 5;
}
