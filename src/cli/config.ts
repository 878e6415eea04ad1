// ansible.cfg for the commands: read once per process, reported on stderr as Ansible does
// ("Using ... as config file" and the keys warren ignores under -v; warnings always).
import { loadAnsibleConfig, type AnsibleConfig } from '../config/ansible-cfg.ts';
import type { VaultSourceOptions } from '../vault/vault-ids.ts';

let loaded: AnsibleConfig | undefined;

/** Throws InputError (file:line) for a value of the wrong type. */
export function ansibleConfig(): AnsibleConfig {
  loaded ??= loadAnsibleConfig();
  return loaded;
}

export function reportConfig(cfg: AnsibleConfig, verbosity: number, write: (text: string) => void = (t) => process.stderr.write(t)): void {
  for (const w of cfg.warnings) write(`[WARNING]: ${w}\n`);
  if (verbosity < 1) return;
  write(cfg.file ? `Using ${cfg.file} as config file\n` : 'No config file found; using defaults\n');
  for (const note of cfg.unused) write(`[WARNING]: ${note}\n`);
}

/** The vault password sources ansible.cfg and ANSIBLE_VAULT_* give. */
export function configVaultSources(cfg: AnsibleConfig = ansibleConfig()): Pick<VaultSourceOptions, 'identityList' | 'configPasswordFile'> {
  return { identityList: cfg.settings.vault_identity_list, configPasswordFile: cfg.settings.vault_password_file };
}
