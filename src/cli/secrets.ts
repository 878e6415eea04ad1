// `warren secrets init INVENTORY_DIR`: a fresh vaulted vars file with random cookie and passwords,
// and the inventory's CA with a certificate per RabbitMQ node (group_vars/all/tls.yml, tls/ca.crt).
import type { Command } from 'commander';
import { reportErrors } from '../vault/command-io.ts';
import { fileExists } from '../vault/files.ts';
import { readPasswordFile, resolveVaultPassword } from '../vault/password.ts';
import { createPasswordFile, initSecrets, passwordFileOf, vaultFileOf } from '../vault/secrets-init.ts';
import { describeTlsChange, ensureTls } from '../vault/tls-init.ts';
import { WarrenError } from '../core/errors.ts';

interface InitFlags {
  force?: boolean;
  ifMissing?: boolean;
  vaultPasswordFile?: string;
  askVaultPass?: boolean;
}

async function initAction(inventoryDir: string, flags: InitFlags): Promise<void> {
  const vaultFile = vaultFileOf(inventoryDir);
  if (flags.ifMissing && !flags.force && (await fileExists(vaultFile))) {
    process.stdout.write(`${vaultFile} exists: keeping its secrets\n`);
    const password = await passwordFor(inventoryDir, flags);
    for (const line of describeTlsChange(await ensureTls(inventoryDir, password))) process.stdout.write(`${line}\n`);
    return;
  }
  // Refuse before creating anything, so a refused init leaves the directory as it was.
  if (!flags.force && (await fileExists(vaultFile))) {
    throw new WarrenError(`${vaultFile} already exists: refusing to replace its secrets (use --force to generate new ones)`);
  }
  const password = await passwordFor(inventoryDir, flags);
  const written = await initSecrets(inventoryDir, password, { force: flags.force });
  process.stdout.write(`Wrote ${written} (vaulted): rabbitmq_erlang_cookie, rabbitmq_admin_password, rabbitmq_app_password, haproxy_stats_password\n`);
  for (const line of describeTlsChange(await ensureTls(inventoryDir, password, { force: flags.force }))) process.stdout.write(`${line}\n`);
}

/** --vault-password-file, -J, or INVENTORY_DIR/.vault_pass (created when missing). */
async function passwordFor(inventoryDir: string, flags: InitFlags): Promise<string> {
  const password = await resolveVaultPassword({ passwordFile: flags.vaultPasswordFile, prompt: flags.askVaultPass });
  if (password === undefined) {
    const passwordFile = passwordFileOf(inventoryDir);
    if (await fileExists(passwordFile)) {
      process.stderr.write(`Using the vault password in ${passwordFile}\n`);
    } else {
      await createPasswordFile(passwordFile);
      process.stderr.write(
        `Created the vault password file ${passwordFile} (mode 0600).\nIt must NOT be committed: add it to .gitignore and keep a copy in your password manager.\n`,
      );
    }
    return readPasswordFile(passwordFile);
  }
  return password;
}

export function registerSecretsCommands(program: Command): void {
  const secrets = program.command('secrets').description('generate the secrets of an environment');
  secrets
    .command('init')
    .argument('<inventory_dir>', 'inventory directory; writes group_vars/all/vault.yml, group_vars/all/tls.yml and tls/ca.crt inside it')
    .description('write a fresh vaulted vars file with a random Erlang cookie and passwords, and a CA with node certificates')
    .option('--force', 'replace existing secrets (the cluster must then be redeployed with them)')
    .option('--if-missing', 'keep an existing secrets file; only add TLS certificates that are missing or stale (new node, changed address)')
    .option('--vault-password-file <file>', 'encrypt with the password in FILE (default: INVENTORY_DIR/.vault_pass, created if missing)')
    .option('-J, --ask-vault-pass', 'ask for the vault password')
    .action(reportErrors(initAction));
  // Usage errors throw (CommanderError) so the program's runner maps them to exit code 5.
  for (const sub of secrets.commands) sub.exitOverride();
}
