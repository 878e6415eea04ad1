// Vault ids as Ansible builds them: `--vault-id label@source` (source: a file, an executable that
// prints the password, or `prompt`), `--vault-password-file`, `--ask-vault-pass`, and ansible.cfg's
// vault_identity_list / vault_password_file; warren's WARREN_VAULT_PASSWORD(_FILE) when none is given.
import { existsSync } from 'node:fs';
import { OptionsError } from '../core/errors.ts';
import { DEFAULT_VAULT_ID, type VaultSecret } from './keyring.ts';
import { PASSWORD_ENV, PASSWORD_FILE_ENV, promptPassword, readPasswordFile, secretEnv } from './password.ts';

export interface VaultSourceOptions {
  /** `--vault-id` values, in order */
  vaultIds?: string[];
  /** `--vault-password-file` values, in order */
  passwordFiles?: string[];
  /** `--ask-vault-pass` */
  prompt?: boolean;
  /** from ansible.cfg / ANSIBLE_VAULT_IDENTITY_LIST: tried before the command line's */
  identityList?: string[];
  /** from ansible.cfg / ANSIBLE_VAULT_PASSWORD_FILE: tried after the command line's */
  configPasswordFile?: string;
  env?: NodeJS.ProcessEnv;
  /** told about a vault_password_file from ansible.cfg that does not exist (then skipped) */
  onWarning?: (message: string) => void;
}

/** `label@source` or just `source` (label "default"). */
export function parseVaultId(spec: string): { id: string; source: string } {
  const at = spec.indexOf('@');
  const [id, source] = at < 0 ? [DEFAULT_VAULT_ID, spec] : [spec.slice(0, at), spec.slice(at + 1)];
  if (id === '' || /[;\s]/.test(id)) throw new OptionsError(`--vault-id ${spec}: the label must be non-empty, without ';' or spaces`);
  if (source === '') throw new OptionsError(`--vault-id ${spec}: no password source after '@' (a file, a script or 'prompt')`);
  return { id, source };
}

async function secretFrom(id: string, source: string): Promise<VaultSecret> {
  if (source === 'prompt' || source === 'prompt_ask_vault_pass') {
    const label = id === DEFAULT_VAULT_ID ? 'Vault password: ' : `Vault password (${id}): `;
    const password = await promptPassword(label);
    if (password === '') throw new OptionsError(`the vault password for ${id} is empty`);
    return { id, password };
  }
  return { id, password: await readPasswordFile(source, id) };
}

/** Every configured secret, in the order decryption tries them; empty when no source is given. */
export async function resolveVaultSecrets(opts: VaultSourceOptions): Promise<VaultSecret[]> {
  const env = (name: string) => (opts.env ? opts.env[name] : secretEnv(name));
  // The command line's first: with several "default" ids, new content is encrypted with its password.
  const specs = (opts.vaultIds ?? []).map(parseVaultId);
  for (const file of opts.passwordFiles ?? []) specs.push({ id: DEFAULT_VAULT_ID, source: file });
  if (opts.prompt) specs.push({ id: DEFAULT_VAULT_ID, source: 'prompt' });
  specs.push(...(opts.identityList ?? []).map(parseVaultId));
  const cfgFile = opts.configPasswordFile;
  // A shared ansible.cfg may name a password file that only exists once the environment is set up
  // (the lab's .vault_pass): skip it with a warning; a vaulted file then says it has no password.
  if (cfgFile && existsSync(cfgFile)) specs.push({ id: DEFAULT_VAULT_ID, source: cfgFile });
  else if (cfgFile) opts.onWarning?.(`vault_password_file ${cfgFile} (ansible.cfg / ANSIBLE_VAULT_PASSWORD_FILE) does not exist; ignored`);
  if (specs.length === 0) {
    const fromEnv = env(PASSWORD_ENV);
    if (fromEnv !== undefined && fromEnv !== '') return [{ id: DEFAULT_VAULT_ID, password: fromEnv }];
    const fileFromEnv = env(PASSWORD_FILE_ENV);
    if (fileFromEnv) specs.push({ id: DEFAULT_VAULT_ID, source: fileFromEnv });
  }
  const seen = new Set<string>();
  const secrets: VaultSecret[] = [];
  for (const { id, source } of specs) {
    // The same file named by ansible.cfg and by a flag is read once.
    if (seen.has(`${id}@${source}`)) continue;
    seen.add(`${id}@${source}`);
    secrets.push(await secretFrom(id, source));
  }
  return secrets;
}
