// loadInventory: every -i (file or directory) merged into one Inventory, with the group_vars/
// and host_vars/ beside each source applied over the inventory's own vars.
import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { LoadOptions } from '../load/options.ts';
import { parseYamlText, readText } from '../core/yaml-file.ts';
import { finishInventory, newBuilder } from './builder.ts';
import type { InventoryBuilder } from './builder.ts';
import { parseIniInventory } from './ini-inventory.ts';
import type { Inventory } from './model.ts';
import { loadVarsDirs } from './vars-dirs.ts';
import { parseYamlInventory } from './yaml-inventory.ts';

const SKIPPED_IN_DIR = ['~', '.orig', '.bak', '.retry', '.cfg', '.md', '.pyc'];
/** Files that sit beside inventories but are not inventories (the lab writes known_hosts there). */
const NOT_INVENTORIES = /^(known_hosts.*|README.*|LICENSE.*)$/;

export type InventoryFormat = 'yaml' | 'ini';

/** By extension when it says, else by the first meaningful line. */
export function detectFormat(file: string, text: string): InventoryFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.yml' || ext === '.yaml' || ext === '.json') return 'yaml';
  if (ext === '.ini') return 'ini';
  const first = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('#') && !l.startsWith(';'));
  if (!first) return 'ini';
  if (first === '---' || first.startsWith('{')) return 'yaml';
  if (/^\[[^\]]*\]$/.test(first)) return 'ini';
  return /^[^\s=]+:(\s+.*)?$/.test(first) && !/^[^\s=]+:\d+(\s|$)/.test(first) ? 'yaml' : 'ini';
}

async function parseSource(file: string, b: InventoryBuilder, opts: LoadOptions): Promise<void> {
  const text = await readText(file);
  if (detectFormat(file, text) === 'yaml') parseYamlInventory(parseYamlText(text, file, opts), b);
  else parseIniInventory(text, file, b);
}

async function inventoryFilesIn(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.') || name === 'group_vars' || name === 'host_vars' || NOT_INVENTORIES.test(name)) continue;
    if (SKIPPED_IN_DIR.some((s) => name.endsWith(s))) continue;
    const path = join(dir, name);
    if ((await stat(path)).isFile()) files.push(path);
  }
  return files;
}

/**
 * The inventory's hosts and groups, with their group_vars/host_vars unless `vars` is false
 * (--syntax-check reads no variable, so it decrypts no vaulted file, as ansible-playbook).
 */
export async function loadInventory(paths: string[], opts: LoadOptions, { vars = true }: { vars?: boolean } = {}): Promise<Inventory> {
  const b = newBuilder();
  const varsDirs: string[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputError(`inventory not found: ${given}`);
    const files = info.isDirectory() ? await inventoryFilesIn(path) : [path];
    for (const file of files) await parseSource(file, b, opts);
    b.inv.sources.push(path);
    const dir = info.isDirectory() ? path : dirname(path);
    if (!varsDirs.includes(dir)) varsDirs.push(dir);
  }
  for (const dir of vars ? varsDirs : []) {
    const { groups, hosts } = await loadVarsDirs(dir, opts);
    for (const [name, vars] of groups) {
      const group = b.inv.groups.get(name);
      if (group) Object.assign(group.vars, vars);
    }
    for (const [name, vars] of hosts) {
      const host = b.inv.hosts.get(name);
      if (host) Object.assign(host.vars, vars);
    }
  }
  return finishInventory(b);
}
