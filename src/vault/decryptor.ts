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
  /**
   * Derives the text's key off the main thread (scrypt costs ~150-300 ms of CPU), so that the
   * decrypt after it only decrypts. Never rejects: decrypt reports every failure.
   */
  prepare?(vaultText: string): Promise<void>;
}
