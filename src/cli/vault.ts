// `warren vault ...`: ansible-vault's verbs and flags (and ansible.cfg's vault settings). Parsing and password sources only;
// the work is in src/vault/verbs.ts.
import { Option, type Command } from 'commander';
import { OptionsError } from '../core/errors.ts';
import { DEFAULT_VAULT_ID, encryptSecret, VAULT_FORMATS, type VaultFormat, type VaultSecret } from '../vault/keyring.ts';
import { promptNewPassword, promptPassword, readPasswordFile } from '../vault/password.ts';
import { resolveVaultSecrets } from '../vault/vault-ids.ts';
import { configVaultSources } from './config.ts';
import { createVaultFile, decryptFile, decryptFiles, editVaultFile, encryptFiles, encryptStrings, rekeyFiles, type EncryptTarget } from '../vault/verbs.ts';
import { readStdin, reportErrors } from '../vault/command-io.ts';
import { writeFileAtomic } from '../vault/files.ts';

interface PasswordFlags {
  vaultPasswordFile?: string[];
  vaultId?: string[];
  askVaultPass?: boolean;
  encryptVaultId?: string;
  format?: VaultFormat;
}

interface VerbFlags extends PasswordFlags {
  output?: string;
  newVaultPasswordFile?: string;
  newVaultId?: string;
  name?: string[];
  stdinName?: string;
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every secret the flags (and ansible.cfg) give; prompts in a terminal when there are none. */
async function vaultSecrets(flags: PasswordFlags, fresh: boolean): Promise<VaultSecret[]> {
  const given = await resolveVaultSecrets({
    ...configVaultSources(),
    vaultIds: flags.vaultId,
    passwordFiles: flags.vaultPasswordFile,
    prompt: flags.askVaultPass,
    onWarning: (message) => process.stderr.write(`[WARNING]: ${message}\n`),
  });
  if (given.length > 0) return given;
  if (!process.stdin.isTTY) {
    throw new OptionsError(
      'no vault password: use --vault-password-file FILE or --vault-id LABEL@FILE, set WARREN_VAULT_PASSWORD(_FILE), or run in a terminal',
    );
  }
  return [{ id: DEFAULT_VAULT_ID, password: fresh ? await promptNewPassword() : await promptPassword('Vault password: ') }];
}

/** The secret and format new content is encrypted with. */
async function encryptTarget(flags: PasswordFlags): Promise<EncryptTarget> {
  const secrets = await vaultSecrets(flags, true);
  return { format: flags.format ?? defaultFormat(), secret: encryptSecret(secrets, flags.encryptVaultId) };
}

function defaultFormat(): VaultFormat {
  const fromEnv = process.env.WARREN_VAULT_FORMAT;
  if (fromEnv === undefined || fromEnv === '') return 'warren';
  if (!(VAULT_FORMATS as string[]).includes(fromEnv)) throw new OptionsError(`WARREN_VAULT_FORMAT must be warren or ansible, got '${fromEnv}'`);
  return fromEnv as VaultFormat;
}

async function newVaultSecret(flags: VerbFlags): Promise<VaultSecret> {
  if (flags.newVaultId) {
    const [secret] = await resolveVaultSecrets({ vaultIds: [flags.newVaultId] });
    return secret!;
  }
  if (flags.newVaultPasswordFile) return { id: DEFAULT_VAULT_ID, password: await readPasswordFile(flags.newVaultPasswordFile) };
  if (!process.stdin.isTTY) throw new OptionsError('rekey needs --new-vault-password-file FILE or --new-vault-id LABEL@FILE when not run in a terminal');
  return { id: DEFAULT_VAULT_ID, password: await promptNewPassword() };
}

function withPasswordFlags(cmd: Command): Command {
  return cmd
    .option('--vault-password-file <file>', 'read the vault password from FILE (run it if executable; repeatable)', collect)
    .option('--vault-id <id>', 'a vault password as LABEL@FILE, LABEL@prompt or FILE (repeatable)', collect)
    .option('-J, --ask-vault-pass', 'ask for the vault password');
}

function withEncryptFlags(cmd: Command): Command {
  return cmd
    .option('--encrypt-vault-id <label>', 'the vault id to encrypt with when several are given')
    .addOption(
      new Option('--format <format>', 'format of new vault text: warren (AES-256-GCM, scrypt) or ansible (Ansible Vault 1.1/1.2)').choices(VAULT_FORMATS),
    );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function done(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function encryptStringAction(values: string[], flags: VerbFlags): Promise<void> {
  const names = flags.name ?? [];
  if (flags.stdinName) names.unshift(flags.stdinName);
  for (const n of names) if (!VAR_NAME.test(n)) throw new OptionsError(`invalid variable name: ${JSON.stringify(n)}`);
  const target = await encryptTarget(flags);
  let plain = values;
  if (flags.stdinName || values.length === 0) {
    if (process.stdin.isTTY) done('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)');
    if (values.length > 0) throw new OptionsError('give the value on stdin (--stdin-name) or as an argument, not both');
    // One trailing newline (from echo or a terminal) is never part of a secret.
    plain = [(await readStdin()).replace(/\r?\n$/, '')];
    if (plain[0] === '') throw new OptionsError('stdin was empty: nothing to encrypt');
  }
  const snippet = encryptStrings(plain, names, target);
  if (flags.output && flags.output !== '-') {
    await writeFileAtomic(flags.output, snippet);
  } else process.stdout.write(snippet);
  done('Encryption successful');
}

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description('encrypt and decrypt files and values (ansible-vault)');

  withEncryptFlags(withPasswordFlags(vault.command('create').argument('<file>').description('create a new vaulted file with $EDITOR'))).action(
    reportErrors(async (file: string, flags: VerbFlags) => {
      const written = await createVaultFile(file, await encryptTarget(flags));
      done(written ? `Created ${file}` : `Nothing written: ${file} not created`);
    }),
  );

  withEncryptFlags(
    withPasswordFlags(vault.command('edit').argument('<file>').description('edit a vaulted file with $EDITOR (it keeps its format and vault id)')),
  ).action(
    reportErrors(async (file: string, flags: VerbFlags) => {
      const secrets = await vaultSecrets(flags, false);
      const target =
        flags.format || flags.encryptVaultId ? { format: flags.format ?? defaultFormat(), secret: encryptSecret(secrets, flags.encryptVaultId) } : undefined;
      const changed = await editVaultFile(file, secrets, target);
      done(changed ? `Saved ${file}` : `No changes: ${file} left as it was`);
    }),
  );

  withPasswordFlags(vault.command('view').argument('<files...>').description('print the plain text of vaulted files')).action(
    reportErrors(async (files: string[], flags: VerbFlags) => {
      const secrets = await vaultSecrets(flags, false);
      for (const file of files) process.stdout.write(await decryptFile(file, secrets));
    }),
  );

  withEncryptFlags(withPasswordFlags(vault.command('encrypt').argument('<files...>').description('encrypt files in place')))
    .option('--output <file>', 'write to FILE instead (- for stdout)')
    .action(
      reportErrors(async (files: string[], flags: VerbFlags) => {
        const out = await encryptFiles(files, await encryptTarget(flags), flags.output);
        if (out !== undefined) process.stdout.write(out);
        done('Encryption successful');
      }),
    );

  withPasswordFlags(vault.command('decrypt').argument('<files...>').description('decrypt files in place'))
    .option('--output <file>', 'write to FILE instead (- for stdout)')
    .action(
      reportErrors(async (files: string[], flags: VerbFlags) => {
        const out = await decryptFiles(files, await vaultSecrets(flags, false), flags.output);
        if (out !== undefined) process.stdout.write(out);
        done('Decryption successful');
      }),
    );

  withPasswordFlags(vault.command('rekey').argument('<files...>').description('re-encrypt files with a new password (each keeps its format)'))
    .option('--new-vault-password-file <file>', 'read the new password from FILE')
    .option('--new-vault-id <id>', 'the new password as LABEL@FILE or LABEL@prompt')
    .addOption(new Option('--format <format>', 'rewrite every file in this format: warren or ansible').choices(VAULT_FORMATS))
    .action(
      reportErrors(async (files: string[], flags: VerbFlags) => {
        const secrets = await vaultSecrets(flags, false);
        await rekeyFiles(files, secrets, await newVaultSecret(flags), flags.format);
        done('Rekey successful');
      }),
    );

  withEncryptFlags(
    withPasswordFlags(
      vault.command('encrypt-string').alias('encrypt_string').argument('[values...]').description('encrypt values for a YAML vars file (!vault)'),
    ),
  )
    .option('-n, --name <var>', 'variable name for the value (repeat for several values)', collect)
    .option('--stdin-name <var>', 'read the value from stdin and name it VAR')
    .option('--output <file>', 'write the snippet to FILE instead of stdout')
    .action(reportErrors(encryptStringAction));

  // Usage errors throw (CommanderError) so the program's runner maps them to exit code 5.
  for (const sub of vault.commands) sub.exitOverride();
}
