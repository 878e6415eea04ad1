// The vault passwords of a run (one per vault id) and the decryptor that tries them on both
// formats: warren's own ($WARREN_VAULT) and Ansible's ($ANSIBLE_VAULT 1.1/1.2).
import { WarrenError } from '../core/errors.ts';
import {
  decryptAnsibleEnvelope,
  deriveAnsibleKeys,
  encryptAnsibleText,
  isAnsibleVaulted,
  parseAnsibleEnvelope,
  ANSIBLE_AUTH_FAILED,
} from './ansible-format.ts';
import type { VaultDecryptor } from './decryptor.ts';
import { AUTH_FAILED, createVaultEncryptor, decryptEnvelope, parseEnvelope } from './format.ts';
import { deriveKey } from './kdf.ts';

export const DEFAULT_VAULT_ID = 'default';

/** One vault password and the id (label) it was given with: `--vault-id prod@file`. */
export interface VaultSecret {
  id: string;
  password: string;
}

export function toSecrets(secrets: string | VaultSecret[]): VaultSecret[] {
  return typeof secrets === 'string' ? [{ id: DEFAULT_VAULT_ID, password: secrets }] : secrets;
}

/**
 * Ansible's order: the secret whose id the 1.2 header names first, then every other one
 * (ansible.cfg `vault_id_match = false`, the default).
 */
function ordered(secrets: VaultSecret[], headerId: string | undefined): VaultSecret[] {
  if (!headerId) return secrets;
  return [...secrets.filter((s) => s.id === headerId), ...secrets.filter((s) => s.id !== headerId)];
}

function noneMatched(secrets: VaultSecret[], single: string): WarrenError {
  if (secrets.length === 1) return new WarrenError(single);
  return new WarrenError(`vault: none of the ${secrets.length} vault passwords (ids: ${secrets.map((s) => s.id).join(', ')}) decrypts it`);
}

/** A decryptor that also tells which secret opened the text (edit and rekey keep its vault id). */
export interface Keyring extends VaultDecryptor {
  open(vaultText: string): { plain: string; secret: VaultSecret };
}

export function createVaultDecryptor(given: string | VaultSecret[]): Keyring {
  return createKeyring(toSecrets(given));
}

/** Decrypts either format with the first secret that authenticates. Derived keys are cached per salt. */
function createKeyring(secrets: VaultSecret[]): Keyring {
  if (secrets.length === 0) throw new WarrenError('vault: no vault password given');
  const keys = new Map<string, unknown>();
  const cached = <T>(id: string, derive: () => T): T => {
    if (!keys.has(id)) keys.set(id, derive());
    return keys.get(id) as T;
  };
  const keyring: Keyring = {
    decrypt: (vaultText) => keyring.open(vaultText).plain,
    open(vaultText) {
      if (isAnsibleVaulted(vaultText)) {
        const env = parseAnsibleEnvelope(vaultText);
        const salt = env.salt.toString('hex');
        for (const s of ordered(secrets, env.vaultId)) {
          try {
            return {
              secret: s,
              plain: decryptAnsibleEnvelope(
                env,
                cached(`a/${secrets.indexOf(s)}/${salt}`, () => deriveAnsibleKeys(s.password, env.salt)),
              ),
            };
          } catch (err) {
            if ((err as Error).message !== ANSIBLE_AUTH_FAILED) throw err;
          }
        }
        throw noneMatched(secrets, ANSIBLE_AUTH_FAILED);
      }
      const env = parseEnvelope(vaultText);
      const salt = `${env.params.N}/${env.params.r}/${env.params.p}/${env.salt.toString('base64')}`;
      for (const [i, s] of secrets.entries()) {
        try {
          return {
            secret: s,
            plain: decryptEnvelope(
              env,
              cached(`w/${i}/${salt}`, () => deriveKey(s.password, env.salt, env.params)),
            ),
          };
        } catch (err) {
          if ((err as Error).message !== AUTH_FAILED) throw err;
        }
      }
      throw noneMatched(secrets, AUTH_FAILED);
    },
  };
  return keyring;
}

/** The secret that encrypts new content: the one named by --encrypt-vault-id, or the only one. */
export function encryptSecret(secrets: VaultSecret[], encryptVaultId?: string): VaultSecret {
  if (encryptVaultId !== undefined) {
    const found = secrets.find((s) => s.id === encryptVaultId);
    if (!found)
      throw new WarrenError(`vault: --encrypt-vault-id ${encryptVaultId} names no given vault id (given: ${secrets.map((s) => s.id).join(', ') || 'none'})`);
    return found;
  }
  const first = secrets[0];
  if (!first) throw new WarrenError('vault: no vault password given');
  if (new Set(secrets.map((s) => s.id)).size > 1) {
    throw new WarrenError(`vault: the vault ids ${secrets.map((s) => s.id).join(', ')} are all available to encrypt; choose one with --encrypt-vault-id`);
  }
  return first;
}

export type VaultFormat = 'warren' | 'ansible';
export const VAULT_FORMATS: VaultFormat[] = ['warren', 'ansible'];

/** Encrypts new content with one secret: warren's format (one scrypt run for all texts) or Ansible's. */
export function createFormatEncryptor(format: VaultFormat, secret: VaultSecret): { encrypt(plain: string): string } {
  if (format === 'ansible') return { encrypt: (plain) => encryptAnsibleText(plain, secret.password, secret.id) };
  return createVaultEncryptor(secret.password);
}

export function formatOf(vaultText: string): VaultFormat {
  return isAnsibleVaulted(vaultText) ? 'ansible' : 'warren';
}
