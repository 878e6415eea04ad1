// Ansible Vault 1.1 and 1.2 (AES256), byte for byte as ansible-core writes them:
//   $ANSIBLE_VAULT;1.1;AES256            or   $ANSIBLE_VAULT;1.2;AES256;<vault id>
//   hex( hex(salt) \n hex(hmac) \n hex(ciphertext) ), wrapped at 80 columns
// key material = PBKDF2-HMAC-SHA256(password, 32-byte salt, 10000 rounds, 80 bytes):
// AES-256-CTR key | HMAC-SHA256 key | counter block. The plain text is PKCS#7 padded to 16 bytes
// and the HMAC covers the ciphertext, checked (in constant time) before anything is decrypted.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { WarrenError } from '../core/errors.ts';

export const ANSIBLE_HEADER = '$ANSIBLE_VAULT;';
export const ANSIBLE_CIPHER = 'AES256';
export const ANSIBLE_AUTH_FAILED = 'vault: wrong password or the file was modified (HMAC mismatch)';

const SALT_BYTES = 32;
const ROUNDS = 10_000;
const BLOCK = 16;
const LINE_WIDTH = 80;

export function isAnsibleVaulted(text: string): boolean {
  return text.trimStart().startsWith(ANSIBLE_HEADER);
}

/** The parts of an Ansible vault text before any key is derived. */
export interface AnsibleEnvelope {
  version: '1.1' | '1.2';
  /** the vault id of a 1.2 header; undefined for 1.1 */
  vaultId?: string;
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

export function parseAnsibleEnvelope(vaultText: string): AnsibleEnvelope {
  const lines = vaultText.trim().split(/\s+/);
  const header = lines[0] ?? '';
  const [, version, cipher, vaultId] = header.split(';');
  if (version !== '1.1' && version !== '1.2') throw new WarrenError(`vault: unsupported Ansible vault version ${version ?? '(none)'}`);
  if (cipher !== ANSIBLE_CIPHER) throw new WarrenError(`vault: unsupported Ansible vault cipher ${cipher ?? '(none)'} (only AES256 exists)`);
  const outer = lines.slice(1).join('');
  if (!/^([0-9a-fA-F]{2})+$/.test(outer)) throw new WarrenError(`${ANSIBLE_AUTH_FAILED}: the body is not hex`);
  const parts = Buffer.from(outer, 'hex').toString('latin1').split('\n');
  if (parts.length !== 3 || !parts.every((p) => /^([0-9a-fA-F]{2})+$/.test(p))) {
    throw new WarrenError('vault: the Ansible vault body is damaged or truncated (expected salt, HMAC and ciphertext)');
  }
  const [salt, hmac, ciphertext] = parts.map((p) => Buffer.from(p, 'hex')) as [Buffer, Buffer, Buffer];
  if (ciphertext.length % BLOCK !== 0) throw new WarrenError('vault: the Ansible vault ciphertext is truncated');
  return { version, vaultId: version === '1.2' ? vaultId : undefined, salt, hmac, ciphertext };
}

interface KeyMaterial {
  aesKey: Buffer;
  hmacKey: Buffer;
  counter: Buffer;
}

export function deriveAnsibleKeys(password: string, salt: Buffer): KeyMaterial {
  if (password === '') throw new WarrenError('vault: the vault password is empty');
  return keyMaterial(pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ROUNDS, 32 + 32 + BLOCK, 'sha256'));
}

/** The same keys on libuv's thread pool (see kdf.ts deriveKeyAsync). */
export function deriveAnsibleKeysAsync(password: string, salt: Buffer): Promise<KeyMaterial> {
  if (password === '') return Promise.reject(new WarrenError('vault: the vault password is empty'));
  return new Promise((resolve, reject) =>
    pbkdf2(Buffer.from(password, 'utf8'), salt, ROUNDS, 32 + 32 + BLOCK, 'sha256', (err, derived) => (err ? reject(err) : resolve(keyMaterial(derived)))),
  );
}

function keyMaterial(derived: Buffer): KeyMaterial {
  return { aesKey: derived.subarray(0, 32), hmacKey: derived.subarray(32, 64), counter: derived.subarray(64) };
}
/** Throws ANSIBLE_AUTH_FAILED when the HMAC does not match (wrong password or changed bytes). */
export function decryptAnsibleEnvelope(env: AnsibleEnvelope, keys: KeyMaterial): string {
  const expected = createHmac('sha256', keys.hmacKey).update(env.ciphertext).digest();
  if (expected.length !== env.hmac.length || !timingSafeEqual(expected, env.hmac)) throw new WarrenError(ANSIBLE_AUTH_FAILED);
  const decipher = createDecipheriv('aes-256-ctr', keys.aesKey, keys.counter);
  const padded = Buffer.concat([decipher.update(env.ciphertext), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || padded.length < pad || !padded.subarray(padded.length - pad).every((b) => b === pad)) {
    throw new WarrenError('vault: bad padding in an Ansible vault text');
  }
  return padded.subarray(0, padded.length - pad).toString('utf8');
}

export function decryptAnsibleText(vaultText: string, password: string): string {
  const env = parseAnsibleEnvelope(vaultText);
  return decryptAnsibleEnvelope(env, deriveAnsibleKeys(password, env.salt));
}

/** A 1.1 header, or 1.2 with the id when one other than "default" is given, as ansible-vault does. */
export function encryptAnsibleText(plain: string, password: string, vaultId?: string): string {
  if (vaultId !== undefined && /[;\s]/.test(vaultId)) throw new WarrenError(`vault: a vault id cannot contain ';' or spaces: ${JSON.stringify(vaultId)}`);
  const salt = randomBytes(SALT_BYTES);
  const keys = deriveAnsibleKeys(password, salt);
  const data = Buffer.from(plain, 'utf8');
  const pad = BLOCK - (data.length % BLOCK);
  const padded = Buffer.concat([data, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-ctr', keys.aesKey, keys.counter);
  const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
  const hmac = createHmac('sha256', keys.hmacKey).update(ciphertext).digest('hex');
  const inner = [salt.toString('hex'), hmac, ciphertext.toString('hex')].join('\n');
  const outer = Buffer.from(inner, 'latin1').toString('hex');
  const header = vaultId && vaultId !== 'default' ? `${ANSIBLE_HEADER}1.2;${ANSIBLE_CIPHER};${vaultId}` : `${ANSIBLE_HEADER}1.1;${ANSIBLE_CIPHER}`;
  const lines = [header];
  for (let i = 0; i < outer.length; i += LINE_WIDTH) lines.push(outer.slice(i, i + LINE_WIDTH));
  return `${lines.join('\n')}\n`;
}
