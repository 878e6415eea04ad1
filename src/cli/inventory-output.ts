// ansible-inventory's output shapes from warren's Inventory: --list (JSON with _meta.hostvars),
// --host H (one host's merged vars), --graph [GROUP] with or without --vars.
import type { Vars } from '../core/vars.ts';
import type { Inventory } from '../inventory/model.ts';
import { inventoryVarsFor } from '../inventory/vars.ts';
import { pythonJson } from '../report/adhoc.ts';

/** A host's vars as ansible-inventory shows them: group vars (shallow order) under host vars. */
export function hostVarsOf(inv: Inventory, host: string): Vars {
  const { groupVars, hostVars } = inventoryVarsFor(inv, host);
  return { ...groupVars, ...hostVars };
}

/** A group's children in Ansible's order: under all, ungrouped comes first. */
function childrenOf(inv: Inventory, name: string): string[] {
  const children = inv.groups.get(name)?.children ?? [];
  return name === 'all' && children.includes('ungrouped') ? ['ungrouped', ...children.filter((c) => c !== 'ungrouped')] : children;
}

/** `--list`: every group reached from `top` with hosts and children, empty ones left out. */
export function listInventory(inv: Inventory, hostVars: (host: string) => Vars, top = 'all', hosts?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const keep = hosts ? new Set(hosts) : undefined;
  const visit = (name: string): void => {
    const group = inv.groups.get(name);
    if (!group) return;
    const entry: Record<string, unknown> = {};
    const members = group.hosts.filter((h) => !keep || keep.has(h));
    if (name !== 'all' && members.length) entry.hosts = members;
    if (group.children.length) entry.children = childrenOf(inv, name);
    if (Object.keys(entry).length) out[name] = entry;
    for (const child of childrenOf(inv, name)) {
      if (seen.has(child)) continue;
      seen.add(child);
      visit(child);
    }
  };
  visit(top);
  const hostvars: Record<string, Vars> = {};
  for (const host of [...inv.hosts.keys()].filter((h) => !keep || keep.has(h))) {
    const vars = hostVars(host);
    if (Object.keys(vars).length) hostvars[host] = vars;
  }
  return { _meta: { hostvars }, ...out };
}

/** Python's str() of a value, as `{name = value}` lines of --graph --vars print it. */
export function pythonStr(value: unknown, nested = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === 'string') {
    if (!nested) return value;
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\t/g, '\\t')
      .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => pythonStr(v, true)).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonStr(k, true)}: ${pythonStr(v, true)}`)
    .join(', ')}}`;
}

const graphLine = (text: string, depth: number) => (depth ? `${'  |'.repeat(depth)}--${text}` : text);

function varLines(vars: Vars, depth: number): string[] {
  return Object.keys(vars)
    .sort()
    .map((k) => graphLine(`{${k} = ${pythonStr(vars[k])}}`, depth));
}

/** `--graph [GROUP]`: the tree of groups and hosts, with `{name = value}` lines under --vars. */
export function graphInventory(inv: Inventory, hostVars: (host: string) => Vars, top = 'all', withVars = false): string {
  const lines: string[] = [];
  const walk = (name: string, depth: number): void => {
    const group = inv.groups.get(name);
    if (!group) return;
    lines.push(graphLine(`@${name}:`, depth));
    for (const child of childrenOf(inv, name)) walk(child, depth + 1);
    if (name !== 'all') {
      for (const host of group.hosts) {
        lines.push(graphLine(host, depth + 1));
        if (withVars) lines.push(...varLines(hostVars(host), depth + 2));
      }
    }
    if (withVars) lines.push(...varLines(group.vars, depth + 1));
  };
  walk(top, 0);
  return `${lines.join('\n')}\n`;
}

/** JSON as ansible-inventory prints it: indent 4, keys sorted. */
export function inventoryJson(value: unknown): string {
  return pythonJson(value, 4);
}
