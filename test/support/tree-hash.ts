// One hash over a whole directory tree (paths, types, modes, content, link targets), to prove
// that check mode left every byte alone.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function hashTree(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      hash.update(`${path}\0${st.mode}\0${st.uid}\0${st.gid}\0${st.mtimeMs}\0`);
      if (st.isSymbolicLink()) hash.update(readlinkSync(path));
      else if (st.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest('hex');
}
