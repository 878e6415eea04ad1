// The `!vault |` scalar tag: decrypted while parsing, and the plain value registered as a secret.
import type { ScalarTag } from 'yaml';

/** What reading YAML needs: a way to decrypt vaulted text, and where the plain values go. */
export interface YamlReadOptions {
  vault?: { decrypt(vaultText: string): string };
  secrets: { add(value: unknown): void };
}

export const NO_VAULT_PASSWORD = 'vaulted value but no vault password given (--vault-password-file or WARREN_VAULT_PASSWORD)';

export function vaultTag(opts: YamlReadOptions): ScalarTag {
  return {
    tag: '!vault',
    resolve(text: string, onError: (message: string) => void): string {
      if (!opts.vault) {
        onError(NO_VAULT_PASSWORD);
        return '';
      }
      try {
        const plain = opts.vault.decrypt(text);
        opts.secrets.add(plain);
        return plain;
      } catch (err) {
        onError(`cannot decrypt vaulted value: ${(err as Error).message}`);
        return '';
      }
    },
  };
}
