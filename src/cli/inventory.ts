// `warren inventory --list | --host H | --graph [GROUP] [--vars]`: ansible-inventory's views.
// Vaulted values print as ******** unless --show-secrets (which needs the vault password).
import type { Command } from 'commander';
import type { InventoryFlags } from './inventory-flags.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerInventoryCommand(program: Command): void {
  program
    .command('inventory')
    .description('show the inventory as ansible-inventory does: --list, --host, --graph')
    .argument('[group]', 'group to start --graph from (default all)')
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect, [])
    .option('--list', 'all groups and hosts as JSON, host variables under _meta.hostvars')
    .option('--host <host>', "one host's variables as JSON")
    .option('--graph', 'the tree of groups and hosts')
    .option('--vars', 'add variables to --graph (alone: --graph --vars)')
    .option('-l, --limit <pattern>', 'only hosts matching this pattern')
    .option('--show-secrets', 'print vaulted values instead of ******** (needs the vault password)')
    .option('--output <file>', 'write to this file instead of stdout')
    .option('--vault-password-file <file>', 'vault password file (or WARREN_VAULT_PASSWORD / WARREN_VAULT_PASSWORD_FILE)')
    .option('-J, --ask-vault-pass', 'ask for the vault password')
    .action(async (group: string | undefined, flags: InventoryFlags) => {
      const { inventoryCommand } = await import('./inventory-action.ts');
      process.exitCode = await inventoryCommand(group, flags);
    });
}
