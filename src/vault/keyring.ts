// The vault passwords of a run (one per vault id) and the decryptor that tries them on both
// formats: warren's own ($WARREN_VAULT) and Ansible's ($ANSIBLE_VAULT 1.1/1.2).
import { WarrenError } from '../core/errors.ts';
import {
  decryptAnsibleEnvelope,
  deriveAnsibleKeys,
  deriveAnsibleKeysAsync,
  encryptAnsibleText,
  isAnsibleVaulted,
  parseAnsibleEnvelope,
  ANSIBLE_AUTH_FAILED,
} from './ansible-format.ts';
import type { VaultDecryptor } from './decryptor.ts';
import { AUTH_FAILED, createVaultEncryptor, decryptEnvelope, parseEnvelope } from './format.ts';
import { deriveKey, deriveKeyAsync } from './kdf.ts';

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

interface Candidate {
  secret: VaultSecret;
  /** the derived key's cache id: format, secret and salt (with scrypt's parameters) */
  id: string;
  derive(): unknown;
  deriveAsync(): Promise<unknown>;
  /** throws authFailed when the key does not open the text */
  decrypt(key: unknown): string;
  authFailed: string;
}

/** Decrypts either format with the first secret that authenticates. Derived keys are cached per salt. */
function createKeyring(secrets: VaultSecret[]): Keyring {
  if (secrets.length === 0) throw new WarrenError('vault: no vault password given');
  const keys = new Map<string, unknown>();
  const cached = <T>(id: string, derive: () => T): T => {
    if (!keys.has(id)) keys.set(id, derive());
    return keys.get(id) as T;
  };
  // Files of one inventory often share a salt: texts prepared at the same time derive it once.
  const deriving = new Map<string, Promise<unknown>>();
  const derivedOnce = async (t: Candidate): Promise<unknown> => {
    if (keys.has(t.id)) return keys.get(t.id);
    let pending = deriving.get(t.id);
    if (!pending) {
      pending = t.deriveAsync().then((key) => {
        keys.set(t.id, key);
        return key;
      });
      deriving.set(t.id, pending);
      pending.then(
        () => deriving.delete(t.id),
        () => deriving.delete(t.id),
      );
    }
    return pending;
  };
  /** The secrets to try on a text, in order, each with its key's cache id and both ways to derive it. */
  const candidates = (vaultText: string): Candidate[] => {
    if (isAnsibleVaulted(vaultText)) {
      const env = parseAnsibleEnvelope(vaultText);
      const salt = env.salt.toString('hex');
      return ordered(secrets, env.vaultId).map((s) => ({
        secret: s,
        id: `a/${secrets.indexOf(s)}/${salt}`,
        derive: () => deriveAnsibleKeys(s.password, env.salt),
        deriveAsync: () => deriveAnsibleKeysAsync(s.password, env.salt),
        decrypt: (key: unknown) => decryptAnsibleEnvelope(env, key as ReturnType<typeof deriveAnsibleKeys>),
        authFailed: ANSIBLE_AUTH_FAILED,
      }));
    }
    const env = parseEnvelope(vaultText);
    const salt = `${env.params.N}/${env.params.r}/${env.params.p}/${env.salt.toString('base64')}`;
    return secrets.map((s, i) => ({
      secret: s,
      id: `w/${i}/${salt}`,
      derive: () => deriveKey(s.password, env.salt, env.params),
      deriveAsync: () => deriveKeyAsync(s.password, env.salt, env.params),
      decrypt: (key: unknown) => decryptEnvelope(env, key as Buffer),
      authFailed: AUTH_FAILED,
    }));
  };
  const keyring: Keyring = {
    decrypt: (vaultText) => keyring.open(vaultText).plain,
    open(vaultText) {
      const tries = candidates(vaultText);
      for (const t of tries) {
        try {
          return { secret: t.secret, plain: t.decrypt(cached<unknown>(t.id, t.derive)) };
        } catch (err) {
          if ((err as Error).message !== t.authFailed) throw err;
        }
      }
      throw noneMatched(secrets, tries[0]?.authFailed ?? AUTH_FAILED);
    },
    // Any failure here is left for open() to report, with the same words as without prepare.
    async prepare(vaultText) {
      let tries: Candidate[];
      try {
        tries = candidates(vaultText);
      } catch {
        return;
      }
      for (const t of tries) {
        try {
          t.decrypt(await derivedOnce(t));
          return;
        } catch {
          if (!keys.has(t.id)) return;
        }
      }
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
