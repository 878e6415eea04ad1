// `warren vault ...`: ansible-vault's verbs and flags. Parsing and password sources only;
// the work is in src/vault/verbs.ts.
import type { Command } from 'commander';
import { OptionsError } from '../core/errors.ts';
import { promptNewPassword, promptPassword, readPasswordFile, resolveVaultPassword } from '../vault/password.ts';
import { createVaultFile, decryptFile, decryptFiles, editVaultFile, encryptFiles, encryptStrings, rekeyFiles } from '../vault/verbs.ts';
import { readStdin, reportErrors } from '../vault/command-io.ts';
import { writeFileAtomic } from '../vault/files.ts';

interface PasswordFlags {
  vaultPasswordFile?: string;
  askVaultPass?: boolean;
}

interface VerbFlags extends PasswordFlags {
  output?: string;
  newVaultPasswordFile?: string;
  name?: string[];
  stdinName?: string;
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `fresh`: a password that will encrypt new content is asked twice when prompted. */
async function vaultPassword(flags: PasswordFlags, fresh: boolean): Promise<string> {
  const given = await resolveVaultPassword({ passwordFile: flags.vaultPasswordFile, prompt: flags.askVaultPass });
  if (given !== undefined) return given;
  if (!process.stdin.isTTY) {
    throw new OptionsError('no vault password: use --vault-password-file FILE, set WARREN_VAULT_PASSWORD(_FILE), or run in a terminal');
  }
  return fresh ? promptNewPassword() : promptPassword('Vault password: ');
}

async function newVaultPassword(flags: VerbFlags): Promise<string> {
  if (flags.newVaultPasswordFile) return readPasswordFile(flags.newVaultPasswordFile);
  if (!process.stdin.isTTY) throw new OptionsError('rekey needs --new-vault-password-file FILE when not run in a terminal');
  return promptNewPassword();
}

function withPasswordFlags(cmd: Command): Command {
  return cmd
    .option('--vault-password-file <file>', 'read the vault password from FILE (run it if executable)')
    .option('-J, --ask-vault-pass', 'ask for the vault password');
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
  const password = await vaultPassword(flags, true);
  let plain = values;
  if (flags.stdinName || values.length === 0) {
    if (process.stdin.isTTY) done('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)');
    if (values.length > 0) throw new OptionsError('give the value on stdin (--stdin-name) or as an argument, not both');
    // One trailing newline (from echo or a terminal) is never part of a secret.
    plain = [(await readStdin()).replace(/\r?\n$/, '')];
    if (plain[0] === '') throw new OptionsError('stdin was empty: nothing to encrypt');
  }
  const snippet = encryptStrings(plain, names, password);
  if (flags.output && flags.output !== '-') {
    await writeFileAtomic(flags.output, snippet);
  } else process.stdout.write(snippet);
  done('Encryption successful');
}

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description('encrypt and decrypt files and values (ansible-vault)');

  withPasswordFlags(vault.command('create').argument('<file>').description('create a new vaulted file with $EDITOR'))
    .action(reportErrors(async (file: string, flags: VerbFlags) => {
      const written = await createVaultFile(file, await vaultPassword(flags, true));
      done(written ? `Created ${file}` : `Nothing written: ${file} not created`);
    }));

  withPasswordFlags(vault.command('edit').argument('<file>').description('edit a vaulted file with $EDITOR'))
    .action(reportErrors(async (file: string, flags: VerbFlags) => {
      const changed = await editVaultFile(file, await vaultPassword(flags, false));
      done(changed ? `Saved ${file}` : `No changes: ${file} left as it was`);
    }));

  withPasswordFlags(vault.command('view').argument('<files...>').description('print the plain text of vaulted files'))
    .action(reportErrors(async (files: string[], flags: VerbFlags) => {
      const password = await vaultPassword(flags, false);
      for (const file of files) process.stdout.write(await decryptFile(file, password));
    }));

  withPasswordFlags(vault.command('encrypt').argument('<files...>').description('encrypt files in place'))
    .option('--output <file>', 'write to FILE instead (- for stdout)')
    .action(reportErrors(async (files: string[], flags: VerbFlags) => {
      const out = await encryptFiles(files, await vaultPassword(flags, true), flags.output);
      if (out !== undefined) process.stdout.write(out);
      done('Encryption successful');
    }));

  withPasswordFlags(vault.command('decrypt').argument('<files...>').description('decrypt files in place'))
    .option('--output <file>', 'write to FILE instead (- for stdout)')
    .action(reportErrors(async (files: string[], flags: VerbFlags) => {
      const out = await decryptFiles(files, await vaultPassword(flags, false), flags.output);
      if (out !== undefined) process.stdout.write(out);
      done('Decryption successful');
    }));

  withPasswordFlags(vault.command('rekey').argument('<files...>').description('re-encrypt files with a new password'))
    .option('--new-vault-password-file <file>', 'read the new password from FILE')
    .action(reportErrors(async (files: string[], flags: VerbFlags) => {
      const password = await vaultPassword(flags, false);
      await rekeyFiles(files, password, await newVaultPassword(flags));
      done('Rekey successful');
    }));

  withPasswordFlags(vault.command('encrypt-string').alias('encrypt_string').argument('[values...]').description('encrypt values for a YAML vars file (!vault)'))
    .option('-n, --name <var>', 'variable name for the value (repeat for several values)', collect)
    .option('--stdin-name <var>', 'read the value from stdin and name it VAR')
    .option('--output <file>', 'write the snippet to FILE instead of stdout')
    .action(reportErrors(encryptStringAction));

  // Usage errors throw (CommanderError) so the program's runner maps them to exit code 5.
  for (const sub of vault.commands) sub.exitOverride();
}
