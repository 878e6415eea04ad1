// scrypt key derivation: memory-hard, so guessing passwords offline is slow and costly.
// N, r and p are stored in every vault text, so the defaults can grow later without breaking old files.
import { scrypt, scryptSync } from 'node:crypto';
import { WarrenError } from '../core/errors.ts';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^16 costs ~64 MiB and ~150 ms on a 2-core VM: one unlock per run is cheap, brute force is not. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 16, r: 8, p: 1 };

const MIN_LOG2_N = 14;
const MAX_LOG2_N = 20;
export const KEY_BYTES = 32;

/** Bounds keep a tampered file from asking for gigabytes of memory before authentication can fail. */
export function checkScryptParams({ N, r, p }: ScryptParams): void {
  const log2 = Math.log2(N);
  const ok = Number.isInteger(log2) && log2 >= MIN_LOG2_N && log2 <= MAX_LOG2_N && r >= 1 && r <= 32 && p >= 1 && p <= 16;
  if (!ok) {
    throw new WarrenError(`vault: wrong password or the file was modified (authentication failed): scrypt parameters out of range (N=${N}, r=${r}, p=${p})`);
  }
}

// Node's default maxmem (32 MiB) is below what N=2^16, r=8 needs (128 * N * r bytes).
const maxmemFor = (params: ScryptParams) => 256 * params.N * params.r * params.p + 32 * 1024 * 1024;

export function deriveKey(password: string, salt: Buffer, params: ScryptParams): Buffer {
  if (password === '') throw new WarrenError('vault: the vault password is empty');
  return scryptSync(Buffer.from(password, 'utf8'), salt, KEY_BYTES, { ...params, maxmem: maxmemFor(params) });
}

/** The same key on libuv's thread pool: a run's vault files derive in parallel, beside the loading. */
export function deriveKeyAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  if (password === '') return Promise.reject(new WarrenError('vault: the vault password is empty'));
  return new Promise((resolve, reject) =>
    scrypt(Buffer.from(password, 'utf8'), salt, KEY_BYTES, { ...params, maxmem: maxmemFor(params) }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}
