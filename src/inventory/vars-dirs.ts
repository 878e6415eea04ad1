// group_vars/ and host_vars/: NAME.yml, NAME.yaml, NAME.json, NAME, or a NAME/ dir of such files.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Vars } from '../core/vars.ts';
import type { LoadOptions } from '../load/options.ts';
import { loadVarsFile } from '../load/vars-file.ts';

const VARS_EXTENSIONS = ['.yml', '.yaml', '.json', ''];

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

function entryName(file: string): string | undefined {
  const ext = extname(file);
  if (VARS_EXTENSIONS.includes(ext)) return ext ? file.slice(0, -ext.length) : file;
  return undefined; // .bak, .orig, ~ ... are ignored, as Ansible does
}

async function loadVarsEntries(dir: string, opts: LoadOptions): Promise<Map<string, Vars>> {
  const out = new Map<string, Vars>();
  for (const entry of await listDir(dir)) {
    const path = join(dir, entry);
    const info = await stat(path);
    if (info.isDirectory()) {
      const merged: Vars = { ...(out.get(entry) ?? {}) };
      for (const file of await listDir(path)) {
        if (entryName(file) === undefined || file.endsWith('~')) continue;
        if ((await stat(join(path, file))).isFile()) Object.assign(merged, await loadVarsFile(join(path, file), opts));
      }
      out.set(entry, merged);
    } else {
      const name = entryName(entry);
      if (name === undefined || entry.endsWith('~')) continue;
      out.set(name, { ...(out.get(name) ?? {}), ...(await loadVarsFile(path, opts)) });
    }
  }
  return out;
}

/** group_vars/ and host_vars/ inside `dir` (beside an inventory or a playbook). */
export async function loadVarsDirs(dir: string, opts: LoadOptions): Promise<{ groups: Map<string, Vars>; hosts: Map<string, Vars> }> {
  return {
    groups: await loadVarsEntries(join(dir, 'group_vars'), opts),
    hosts: await loadVarsEntries(join(dir, 'host_vars'), opts),
  };
}
