// A stand-in vault for tests: the "ciphertext" is base64 after the header line.
import { VAULT_HEADER } from '../../../src/vault/decryptor.ts';
import type { VaultDecryptor } from '../../../src/vault/decryptor.ts';

export const base64Vault: VaultDecryptor = {
  decrypt(text: string): string {
    const [header, ...body] = text.trim().split('\n');
    if (!header.startsWith(VAULT_HEADER)) throw new Error('not vaulted');
    return Buffer.from(body.join('').trim(), 'base64').toString('utf8');
  },
};
