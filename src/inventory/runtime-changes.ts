// add_host and group_by: the run's in-memory inventory changed as Ansible's InventoryManager
// does (add_dynamic_host / add_dynamic_group), each reporting whether anything changed.
import type { Vars } from '../core/vars.ts';
import type { Inventory, InventoryGroup } from './model.ts';

function ensureGroup(inv: Inventory, name: string): { group: InventoryGroup; created: boolean } {
  const found = inv.groups.get(name);
  if (found) return { group: found, created: false };
  const group: InventoryGroup = { name, hosts: [], children: [], vars: {} };
  inv.groups.set(name, group);
  const all = inv.groups.get('all');
  if (all && name !== 'all' && !all.children.includes(name)) all.children.push(name);
  return { group, created: true };
}

function addMember(inv: Inventory, group: InventoryGroup, host: string): boolean {
  if (group.hosts.includes(host)) return false;
  group.hosts.push(host);
  // A host in a real group is no longer ungrouped (Ansible's reconcile_inventory).
  const ungrouped = inv.groups.get('ungrouped');
  if (ungrouped && group.name !== 'all' && group.name !== 'ungrouped') ungrouped.hosts = ungrouped.hosts.filter((h) => h !== host);
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function addHostAtRunTime(inv: Inventory, name: string, groups: string[], vars: Vars): boolean {
  let changed = false;
  let host = inv.hosts.get(name);
  if (!host) {
    host = { name, vars: {} };
    inv.hosts.set(name, host);
    const all = ensureGroup(inv, 'all').group;
    if (!all.hosts.includes(name)) all.hosts.push(name);
    if (!groups.length) ensureGroup(inv, 'ungrouped').group.hosts.push(name);
    changed = true;
  }
  for (const [key, value] of Object.entries(vars)) {
    if (sameValue(host.vars[key], value)) continue;
    host.vars[key] = value;
    changed = true;
  }
  for (const groupName of groups) {
    const { group, created } = ensureGroup(inv, groupName);
    if (addMember(inv, group, name) || created) changed = true;
  }
  return changed;
}

export function addToGroupAtRunTime(inv: Inventory, host: string, groupName: string, parents: string[]): boolean {
  if (!inv.hosts.has(host)) throw new Error(`${host} cannot be matched in inventory`);
  let changed = false;
  const { group } = ensureGroup(inv, groupName);
  for (const parentName of parents) {
    const parent = ensureGroup(inv, parentName);
    if (parent.created) changed = true;
    if (parent.group.name !== group.name && !parent.group.children.includes(group.name)) {
      parent.group.children.push(group.name);
      changed = true;
    }
  }
  if (addMember(inv, group, host)) changed = true;
  return changed;
}
