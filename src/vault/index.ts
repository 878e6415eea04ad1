// The vault's public API in one import.
export { createVaultDecryptor, createVaultEncryptor, decryptText, encryptText, HEADER_LINE } from './format.ts';
export { resolveVaultPassword, readPasswordFile, PASSWORD_ENV, PASSWORD_FILE_ENV } from './password.ts';
export { initSecrets, ensureLabSecrets, randomErlangCookie, randomPassword } from './secrets-init.ts';
export { SecretRegistry, MASK, secretForms } from './secret-registry.ts';
export { isVaulted, VAULT_HEADER } from './decryptor.ts';
export type { VaultDecryptor } from './decryptor.ts';
