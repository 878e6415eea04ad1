import { existsSync } from 'node:fs';

// Synchronous on purpose: a load asks for a few hundred candidate paths (role dirs, vars/main.yml,
// .yml/.yaml/.json), and a thread-pool round trip each cost more than the check itself.
export async function exists(path: string): Promise<boolean> {
  return existsSync(path);
}
