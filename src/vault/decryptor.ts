// What the loader needs from the vault: recognise vaulted text and decrypt it.
// The vault issue implements createVaultDecryptor (src/vault/) behind this interface.
export const VAULT_HEADER = '$WARREN_VAULT;';

export function isVaulted(text: string): boolean {
  return text.trimStart().startsWith(VAULT_HEADER);
}

export interface VaultDecryptor {
  /** Decrypts a whole vaulted text (file or !vault value). Throws WarrenError on wrong password or tampering. */
  decrypt(vaultText: string): string;
}
