// A minimal `warren` with only the vault and secrets commands, so their tests do not depend on
// the rest of the CLI being wired.
import { Command } from 'commander';
import { registerSecretsCommands } from '../../../src/cli/secrets.ts';
import { registerVaultCommands } from '../../../src/cli/vault.ts';

const program = new Command('warren');
registerVaultCommands(program);
registerSecretsCommands(program);
await program.parseAsync(process.argv);
