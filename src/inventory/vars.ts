// Inventory variables of one host, in Ansible's order, and the group magic variables.
import type { Vars } from '../core/vars.ts';
import type { Inventory } from './model.ts';
import { implicitLocalhost, isImplicitLocalhost } from './localhost.ts';

/** Every group that holds `host`, directly or through child groups (always includes all). */
export function groupsOfHost(inv: Inventory, host: string): Set<string> {
  const result = new Set<string>(['all']);
  const parents = new Map<string, string[]>();
  for (const g of inv.groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name]);
  const climb = (name: string): void => {
    if (result.has(name) && name !== 'all') return;
    result.add(name);
    for (const p of parents.get(name) ?? []) climb(p);
  };
  for (const g of inv.groups.values()) if (g.name !== 'all' && g.hosts.includes(host)) climb(g.name);
  return result;
}

/** Depth from all: a child is one deeper than its deepest parent (Ansible's group.depth). */
function depths(inv: Inventory): Map<string, number> {
  const depth = new Map<string, number>([['all', 0]]);
  const walk = (name: string, d: number): void => {
    if ((depth.get(name) ?? -1) >= d && name !== 'all') return;
    depth.set(name, d);
    for (const c of inv.groups.get(name)?.children ?? []) walk(c, d + 1);
  };
  for (const c of inv.groups.get('all')?.children ?? []) walk(c, 1);
  for (const g of inv.groups.keys()) if (!depth.has(g)) walk(g, 1);
  return depth;
}

export function inventoryVarsFor(inv: Inventory, host: string): { groupVars: Vars; hostVars: Vars } {
  const known = inv.hosts.get(host);
  const groups = known ? groupsOfHost(inv, host) : new Set(['all']);
  const depth = depths(inv);
  const ordered = [...groups].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || a.localeCompare(b));
  const groupVars: Vars = {};
  for (const name of ordered) Object.assign(groupVars, inv.groups.get(name)?.vars ?? {});
  const hostVars = known ? { ...known.vars } : isImplicitLocalhost(inv, host) ? implicitLocalhost().vars : {};
  return { groupVars, hostVars };
}

/** Ansible's group_names: sorted, without all and ungrouped. */
export function groupNamesOf(inv: Inventory, host: string): string[] {
  if (!inv.hosts.has(host)) return [];
  return [...groupsOfHost(inv, host)].filter((g) => g !== 'all' && g !== 'ungrouped').sort();
}

/** Hosts of a group, through its children, in inventory order. */
export function hostsOfGroup(inv: Inventory, group: string): string[] {
  const members = new Set<string>();
  const seen = new Set<string>();
  const walk = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const g = inv.groups.get(name);
    if (!g) return;
    g.hosts.forEach((h) => members.add(h));
    g.children.forEach(walk);
  };
  walk(group);
  return [...inv.hosts.keys()].filter((h) => members.has(h));
}

/** Ansible's `groups` magic variable. */
export function groupsMap(inv: Inventory): Record<string, string[]> {
  return Object.fromEntries([...inv.groups.keys()].map((g) => [g, hostsOfGroup(inv, g)]));
}
