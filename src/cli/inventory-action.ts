// Loads the inventory like a run does (group_vars/, host_vars/, vault) and prints one view.
import { writeFile } from 'node:fs/promises';
import { ExitCode, OptionsError, WarrenError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import { loadInventory } from '../inventory/load.ts';
import { selectHosts } from '../inventory/pattern.ts';
import { createVaultDecryptor } from '../vault/keyring.ts';
import { resolveVaultPassword } from '../vault/password.ts';
import { SecretRegistry } from '../vault/secret-registry.ts';
import type { InventoryFlags } from './inventory-flags.ts';
import { graphInventory, hostVarsOf, inventoryJson, listInventory } from './inventory-output.ts';

function chosenAction(flags: InventoryFlags): 'list' | 'host' | 'graph' {
  const actions = [
    flags.list && 'list',
    flags.host !== undefined && 'host',
    (flags.graph || (flags.vars && !flags.list && flags.host === undefined)) && 'graph',
  ].filter(Boolean);
  if (actions.length !== 1) throw new OptionsError('give exactly one of --list, --host HOST or --graph');
  return actions[0] as 'list' | 'host' | 'graph';
}

async function render(group: string | undefined, flags: InventoryFlags): Promise<string> {
  const action = chosenAction(flags);
  if (!flags.inventory.length) throw new OptionsError('-i INVENTORY is required');
  const password = await resolveVaultPassword({ passwordFile: flags.vaultPasswordFile, prompt: flags.askVaultPass });
  if (flags.showSecrets && !password) throw new OptionsError('--show-secrets needs the vault password (--vault-password-file, -J or WARREN_VAULT_PASSWORD)');
  const secrets = new SecretRegistry();
  const inv = await loadInventory(flags.inventory, { secrets, vault: password ? createVaultDecryptor(password) : undefined });
  const show = <T>(value: T): T => (flags.showSecrets ? value : secrets.maskValue(value));
  const varsOf = (host: string): Vars => show(hostVarsOf(inv, host));
  const hosts = flags.limit ? selectHosts(inv, flags.limit) : undefined;
  if (action === 'host') {
    if (!inv.hosts.has(flags.host!)) throw new OptionsError(`You must pass a single valid host to --host parameter (no host '${flags.host}')`);
    return `${inventoryJson(varsOf(flags.host!))}\n`;
  }
  const top = group ?? 'all';
  if (!inv.groups.has(top)) throw new OptionsError(`Pattern must be valid group name when using --graph (no group '${top}')`);
  if (action === 'list') return `${inventoryJson(listInventory(inv, varsOf, top, hosts))}\n`;
  const shown = hosts ? limitGroups(inv, new Set(hosts)) : inv;
  return show(graphInventory(shown, varsOf, top, !!flags.vars));
}

/** The inventory with only the given hosts in each group (for --graph --limit). */
function limitGroups(inv: Awaited<ReturnType<typeof loadInventory>>, keep: Set<string>) {
  const groups = new Map([...inv.groups].map(([name, g]) => [name, { ...g, hosts: g.hosts.filter((h) => keep.has(h)) }]));
  return { ...inv, groups };
}

export async function inventoryCommand(group: string | undefined, flags: InventoryFlags): Promise<number> {
  try {
    const text = await render(group, flags);
    if (flags.output) await writeFile(flags.output, text, { mode: flags.showSecrets ? 0o600 : 0o644 });
    else process.stdout.write(text);
    return ExitCode.ok;
  } catch (err) {
    process.stderr.write(`ERROR! ${(err as Error).message}\n`);
    return err instanceof WarrenError ? err.exitCode : ExitCode.error;
  }
}
