// The warren vault text format, version 1.0:
//   $WARREN_VAULT;1.0;AES256-GCM;scrypt
//   base64 of the payload, wrapped at 80 columns
// payload = saltLen(u8) salt N(u32) r(u16) p(u16) iv(12) ctLen(u32) ciphertext tag(16), big-endian.
// The header line and every payload byte before the ciphertext are GCM additional data, so changing
// the version, the KDF parameters or the length fails authentication instead of decrypting to garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WarrenError } from '../core/errors.ts';
import { VAULT_HEADER } from './decryptor.ts';
import { DEFAULT_SCRYPT, checkScryptParams, deriveKey } from './kdf.ts';
import type { ScryptParams } from './kdf.ts';

export const FORMAT_VERSION = '1.0';
export const CIPHER_NAME = 'AES256-GCM';
export const KDF_NAME = 'scrypt';
export const HEADER_LINE = `${VAULT_HEADER}${FORMAT_VERSION};${CIPHER_NAME};${KDF_NAME}`;

const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const LINE_WIDTH = 80;

export const AUTH_FAILED = 'vault: wrong password or the file was modified (authentication failed)';
export const TRUNCATED = 'vault: file is truncated';

/** The parts of a vault text, before any key is derived. */
export interface VaultEnvelope {
  headerLine: string;
  salt: Buffer;
  params: ScryptParams;
  iv: Buffer;
  /** header line + payload bytes before the ciphertext: the GCM additional data */
  aad: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function encryptWithKey(plain: string, salt: Buffer, params: ScryptParams, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const plainBytes = Buffer.from(plain, 'utf8');
  const prefix = Buffer.concat([
    Buffer.from([salt.length]),
    salt,
    u32(params.N),
    u16(params.r),
    u16(params.p),
    iv,
    u32(plainBytes.length), // GCM: ciphertext length = plaintext length
  ]);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([Buffer.from(HEADER_LINE, 'utf8'), prefix]));
  const ciphertext = Buffer.concat([cipher.update(plainBytes), cipher.final()]);
  const payload = Buffer.concat([prefix, ciphertext, cipher.getAuthTag()]).toString('base64');
  const lines = [HEADER_LINE];
  for (let i = 0; i < payload.length; i += LINE_WIDTH) lines.push(payload.slice(i, i + LINE_WIDTH));
  return `${lines.join('\n')}\n`;
}

export function encryptText(plain: string, password: string): string {
  return createVaultEncryptor(password).encrypt(plain);
}

/**
 * One salt and one derived key for many texts (a fresh random IV each), so a command that
 * encrypts several values or files pays for scrypt once, and so does the run that decrypts them.
 */
export function createVaultEncryptor(password: string): { encrypt(plain: string): string } {
  const salt = randomBytes(SALT_BYTES);
  const key = deriveKey(password, salt, DEFAULT_SCRYPT);
  return { encrypt: (plain) => encryptWithKey(plain, salt, DEFAULT_SCRYPT, key) };
}

/**
 * An encryptor under the key of the first of `existing` (vault texts of the same inventory) that
 * the password opens with today's scrypt parameters, else a fresh one: one inventory, one salt,
 * so a run that reads all its vault files derives one key (scrypt: ~150-300 ms of CPU each).
 * The IV stays fresh and random for every text.
 */
export function createVaultEncryptorSharing(password: string, existing: readonly string[]): { encrypt(plain: string): string } {
  for (const text of existing) {
    try {
      const env = parseEnvelope(text);
      const { N, r, p } = env.params;
      if (N !== DEFAULT_SCRYPT.N || r !== DEFAULT_SCRYPT.r || p !== DEFAULT_SCRYPT.p) continue;
      const key = deriveKey(password, env.salt, env.params);
      decryptEnvelope(env, key); // the password opens it: the key is this password's
      return { encrypt: (plain) => encryptWithKey(plain, env.salt, env.params, key) };
    } catch {
      // not a warren vault text, or another password: look at the next one
    }
  }
  return createVaultEncryptor(password);
}

export function parseEnvelope(vaultText: string): VaultEnvelope {
  // Any whitespace separates lines: a `!vault >` folded or plain YAML scalar joins them with spaces.
  const lines = vaultText.trim().split(/\s+/);
  const headerLine = lines[0] ?? '';
  checkHeader(headerLine);
  const body = lines.slice(1).join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new WarrenError(`${AUTH_FAILED}: the body is not base64`);
  if (body.length % 4 !== 0) throw new WarrenError(TRUNCATED);
  const payload = Buffer.from(body, 'base64');
  const reader = new PayloadReader(payload);
  const saltLen = reader.u8();
  if (saltLen < SALT_BYTES) throw new WarrenError(`${AUTH_FAILED}: salt too short`);
  const salt = reader.bytes(saltLen);
  const params = { N: reader.u32(), r: reader.u16(), p: reader.u16() };
  checkScryptParams(params);
  const iv = reader.bytes(IV_BYTES);
  const ctLen = reader.u32();
  const aad = Buffer.concat([Buffer.from(headerLine, 'utf8'), payload.subarray(0, reader.offset)]);
  const ciphertext = reader.bytes(ctLen);
  const tag = reader.bytes(TAG_BYTES);
  if (reader.offset !== payload.length) throw new WarrenError(`${AUTH_FAILED}: unexpected bytes after the tag`);
  return { headerLine, salt, params, iv, aad, ciphertext, tag };
}

export function decryptEnvelope(env: VaultEnvelope, key: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, env.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(env.aad);
  decipher.setAuthTag(env.tag);
  try {
    const plain = Buffer.concat([decipher.update(env.ciphertext), decipher.final()]);
    return plain.toString('utf8');
  } catch {
    throw new WarrenError(AUTH_FAILED);
  }
}

export function decryptText(vaultText: string, password: string): string {
  const env = parseEnvelope(vaultText);
  return decryptEnvelope(env, deriveKey(password, env.salt, env.params));
}

function checkHeader(line: string): void {
  if (!line.startsWith(VAULT_HEADER)) throw new WarrenError('vault: not a warren vault (the first line must start with $WARREN_VAULT;)');
  const [, version, cipher, kdf] = line.split(';');
  if (version !== FORMAT_VERSION) throw new WarrenError(`vault: unsupported version ${version ?? '(none)'}`);
  if (cipher !== CIPHER_NAME) throw new WarrenError(`vault: unsupported cipher ${cipher ?? '(none)'}`);
  if (kdf !== KDF_NAME) throw new WarrenError(`vault: unsupported key derivation ${kdf ?? '(none)'}`);
  if (line !== HEADER_LINE) throw new WarrenError(`vault: unsupported header ${line}`);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Reads the payload front to back; running out of bytes means the file was cut short. */
class PayloadReader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new WarrenError(TRUNCATED);
  }

  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset++);
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
}
