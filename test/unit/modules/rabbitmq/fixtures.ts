import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Captured-shape outputs of rabbitmqctl / rabbitmq-plugins 3.10 with --formatter json. */
export function fixture(name: string): string {
  return readFileSync(`${fixtureDir}${name}`, 'utf8');
}
