// `random`/`shuffle` with `seed=`: the same seed gives the same answer on every run (as
// Ansible's, though not the same numbers as Python's Mersenne Twister); no seed is truly random.
import { createHash, randomInt } from 'node:crypto';

export function seededRandom(seed: unknown): () => number {
  if (seed === undefined || seed === null) return () => randomInt(2 ** 32) / 2 ** 32;
  let state = createHash('sha256').update(String(seed)).digest().readUInt32LE(0) || 1;
  return () => {
    // mulberry32: small, fast, well distributed
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
