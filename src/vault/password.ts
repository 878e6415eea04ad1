// Where the vault password comes from: a file (or an executable that prints it, as in Ansible),
// an environment variable, or a no-echo prompt. The password itself is never printed.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { OptionsError, WarrenError, ExitCode } from '../core/errors.ts';

export const PASSWORD_ENV = 'WARREN_VAULT_PASSWORD';
export const PASSWORD_FILE_ENV = 'WARREN_VAULT_PASSWORD_FILE';
/** warren's own secret environment variables: no child process may inherit them. */
export const SECRET_ENV_NAMES = [PASSWORD_ENV, PASSWORD_FILE_ENV] as const;

const withdrawn = new Map<string, string>();

/**
 * Moves warren's secret variables out of process.env (the CLI does this first thing), so no task,
 * become wrapper, editor or helper process inherits them; resolveVaultPassword still reads them.
 */
export function withdrawSecretEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of SECRET_ENV_NAMES) {
    const value = env[name];
    if (value === undefined) continue;
    withdrawn.set(name, value);
    delete env[name];
  }
}

/** A secret variable, also after withdrawSecretEnv moved it out of process.env. */
export function secretEnv(name: string): string | undefined {
  return process.env[name] ?? withdrawn.get(name);
}

export interface PasswordSourceOptions {
  passwordFile?: string;
  prompt?: boolean;
}

/** Explicit flags win over the environment; undefined when no source is given. */
export async function resolveVaultPassword(opts: PasswordSourceOptions): Promise<string | undefined> {
  if (opts.passwordFile) return readPasswordFile(opts.passwordFile);
  if (opts.prompt) return promptPassword('Vault password: ');
  const fromEnv = secretEnv(PASSWORD_ENV);
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const fileFromEnv = secretEnv(PASSWORD_FILE_ENV);
  if (fileFromEnv) return readPasswordFile(fileFromEnv);
  return undefined;
}

/** `vaultId`: passed as `--vault-id ID` to a script named `*-client`, as Ansible does. */
export async function readPasswordFile(file: string, vaultId?: string): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new OptionsError(`vault password file not found: ${file}`);
  }
  if (!info.isFile()) throw new OptionsError(`vault password file is not a regular file: ${file}`);
  const executable = (info.mode & 0o111) !== 0;
  const password = (
    executable ? await runPasswordScript(file, isClientScript(file) && vaultId ? ['--vault-id', vaultId] : []) : await readFile(file, 'utf8')
  ).trim();
  if (password === '') throw new OptionsError(`vault password file ${file} gave an empty password`);
  return password;
}

function isClientScript(file: string): boolean {
  return /-client$/.test(basename(file).replace(/\.[^.]*$/, ''));
}

function runPasswordScript(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      // The script's stderr may talk to the user; its stdout is the password and must not be echoed.
      if (err) reject(new OptionsError(`vault password script ${file} failed: ${err.message.split('\n')[0]}`));
      else resolve(stdout);
    });
  });
}

/** Reads a line from the terminal without echo. Only works when stdin is a TTY. */
export function promptPassword(label: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) return Promise.reject(new OptionsError('cannot prompt for the vault password: stdin is not a terminal (use --vault-password-file)'));
  return new Promise((resolve, reject) => {
    process.stderr.write(label);
    let typed = '';
    const finish = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new WarrenError('interrupted', ExitCode.interrupted));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** Asks twice for a new password, as ansible-vault create/rekey do. */
export async function promptNewPassword(): Promise<string> {
  const first = await promptPassword('New vault password: ');
  const second = await promptPassword('Confirm new vault password: ');
  if (first !== second) throw new OptionsError('the passwords do not match');
  if (first === '') throw new OptionsError('the vault password is empty');
  return first;
}
