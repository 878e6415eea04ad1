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

/** The vars files of a directory, in the order their values merge: NAME and the files of NAME/. */
async function varsEntryFiles(dir: string): Promise<Array<{ name: string; path: string }>> {
  const files: Array<{ name: string; path: string }> = [];
  for (const entry of await listDir(dir)) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) {
      for (const file of await listDir(path)) {
        if (entryName(file) === undefined || file.endsWith('~')) continue;
        if ((await stat(join(path, file))).isFile()) files.push({ name: entry, path: join(path, file) });
      }
    } else {
      const name = entryName(entry);
      if (name !== undefined && !entry.endsWith('~')) files.push({ name, path });
    }
  }
  return files;
}

async function loadVarsEntries(dir: string, opts: LoadOptions): Promise<Map<string, Vars>> {
  const files = await varsEntryFiles(dir);
  // Read (and vault keys derived) all at once; merged in order, and the first bad file by that order is the error.
  const loaded = await Promise.allSettled(files.map((f) => loadVarsFile(f.path, opts)));
  const out = new Map<string, Vars>();
  for (const [i, { name }] of files.entries()) {
    const result = loaded[i]!;
    if (result.status === 'rejected') throw result.reason;
    out.set(name, { ...(out.get(name) ?? {}), ...result.value });
  }
  return out;
}

/** group_vars/ and host_vars/ inside `dir` (beside an inventory or a playbook). */
export async function loadVarsDirs(dir: string, opts: LoadOptions): Promise<{ groups: Map<string, Vars>; hosts: Map<string, Vars> }> {
  const groups = loadVarsEntries(join(dir, 'group_vars'), opts);
  const hosts = loadVarsEntries(join(dir, 'host_vars'), opts);
  hosts.catch(() => undefined); // reported below unless group_vars failed first
  return { groups: await groups, hosts: await hosts };
}
