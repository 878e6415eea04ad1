// The vault's public API in one import.
export { createVaultEncryptor, decryptText, encryptText, HEADER_LINE } from './format.ts';
export { createVaultDecryptor, encryptSecret, DEFAULT_VAULT_ID } from './keyring.ts';
export type { VaultSecret } from './keyring.ts';
export { decryptAnsibleText, encryptAnsibleText, isAnsibleVaulted } from './ansible-format.ts';
export { resolveVaultPassword, readPasswordFile, PASSWORD_ENV, PASSWORD_FILE_ENV } from './password.ts';
export { initSecrets, ensureLabSecrets, randomErlangCookie, randomPassword } from './secrets-init.ts';
export { SecretRegistry, MASK, secretForms } from './secret-registry.ts';
export { isVaulted, VAULT_HEADER } from './decryptor.ts';
export type { VaultDecryptor } from './decryptor.ts';
