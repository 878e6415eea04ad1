// Accumulates hosts, groups and memberships from any number of sources, then finalises
// all/ungrouped and checks for cycles.
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Vars } from '../core/vars.ts';
import type { Inventory, InventoryGroup } from './model.ts';

export interface InventoryBuilder {
  inv: Inventory;
  /** where each parent->child edge was written, for cycle errors */
  edges: Map<string, SourceLocation>;
}

export function newBuilder(): InventoryBuilder {
  const inv: Inventory = { hosts: new Map(), groups: new Map(), sources: [] };
  const builder = { inv, edges: new Map<string, SourceLocation>() };
  ensureGroup(builder, 'all');
  ensureGroup(builder, 'ungrouped');
  return builder;
}

export function ensureGroup(b: InventoryBuilder, name: string): InventoryGroup {
  let group = b.inv.groups.get(name);
  if (!group) {
    group = { name, hosts: [], children: [], vars: {} };
    b.inv.groups.set(name, group);
  }
  return group;
}

export function addHost(b: InventoryBuilder, name: string, group: string, vars: Vars): void {
  const host = b.inv.hosts.get(name) ?? { name, vars: {} };
  Object.assign(host.vars, vars);
  b.inv.hosts.set(name, host);
  const g = ensureGroup(b, group);
  if (!g.hosts.includes(name)) g.hosts.push(name);
}

export function addChild(b: InventoryBuilder, parent: string, child: string, loc: SourceLocation): void {
  if (child === 'all') throw new InputError(`group 'all' cannot be a child of '${parent}'`, loc);
  const p = ensureGroup(b, parent);
  ensureGroup(b, child);
  if (!p.children.includes(child)) p.children.push(child);
  if (!b.edges.has(`${parent}\0${child}`)) b.edges.set(`${parent}\0${child}`, loc);
}

export function setGroupVars(b: InventoryBuilder, group: string, vars: Vars): void {
  Object.assign(ensureGroup(b, group).vars, vars);
}

function checkCycles(b: InventoryBuilder): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const parent = trail[trail.length - 1];
      const cycle = [...trail.slice(trail.indexOf(name)), name].join(' -> ');
      throw new InputError(`group '${name}' is its own ancestor (${cycle})`, b.edges.get(`${parent}\0${name}`));
    }
    state.set(name, 'visiting');
    for (const child of b.inv.groups.get(name)?.children ?? []) visit(child, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of b.inv.groups.keys()) visit(name, []);
}

/** all holds every host and every top-level group; ungrouped the hosts in no other group. */
export function finishInventory(b: InventoryBuilder): Inventory {
  checkCycles(b);
  const { inv } = b;
  const all = ensureGroup(b, 'all');
  const ungrouped = ensureGroup(b, 'ungrouped');
  const grouped = new Set<string>();
  const hasParent = new Set<string>();
  for (const g of inv.groups.values()) {
    if (g.name === 'all' || g.name === 'ungrouped') continue;
    g.hosts.forEach((h) => grouped.add(h));
    g.children.forEach((c) => hasParent.add(c));
  }
  all.hosts = [...inv.hosts.keys()];
  ungrouped.hosts = all.hosts.filter((h) => !grouped.has(h));
  const topLevel = [...inv.groups.keys()].filter((n) => n !== 'all' && !hasParent.has(n));
  all.children = [...new Set([...all.children.filter((c) => c !== 'all'), ...topLevel])];
  return inv;
}
