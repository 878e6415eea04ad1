// What the loader needs from the vault: recognise vaulted text and decrypt it.
// createVaultDecryptor (src/vault/keyring.ts) implements it for both formats.
export const VAULT_HEADER = '$WARREN_VAULT;';
export const ANSIBLE_VAULT_HEADER = '$ANSIBLE_VAULT;';

/** warren's own vault format or Ansible's (1.1, 1.2). */
export function isVaulted(text: string): boolean {
  const start = text.trimStart();
  return start.startsWith(VAULT_HEADER) || start.startsWith(ANSIBLE_VAULT_HEADER);
}

export interface VaultDecryptor {
  /** Decrypts a whole vaulted text (file or !vault value). Throws WarrenError on wrong password or tampering. */
  decrypt(vaultText: string): string;
}
