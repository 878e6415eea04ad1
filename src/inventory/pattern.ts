// Ansible host patterns: all, *, group, host, a:b / a,b, a:!b, a:&b, web*, ~regex, group[0:2].
import { InputError } from '../core/errors.ts';
import type { Inventory } from './model.ts';
import { isLocalhostName } from './localhost.ts';
import { hostsOfGroup } from './vars.ts';

/** Splits on ',' (or ':' when there is no ','), never inside [..] subscripts. */
function splitPattern(pattern: string): string[] {
  const sep = pattern.includes(',') ? ',' : ':';
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of pattern) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === sep && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function globToRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function subscript(hosts: string[], spec: string): string[] {
  const m = /^(-?\d+)?(?::(-?\d+)?)?$/.exec(spec);
  if (!m) throw new InputError(`bad host subscript '[${spec}]' (expected [0], [-1] or [0:2])`);
  const norm = (n: number) => (n < 0 ? hosts.length + n : n);
  if (!spec.includes(':')) {
    const h = hosts[norm(Number(m[1]))];
    return h ? [h] : [];
  }
  const start = m[1] !== undefined ? norm(Number(m[1])) : 0;
  const end = m[2] !== undefined ? norm(Number(m[2])) : hosts.length - 1;
  return hosts.slice(start, end + 1); // Ansible's [0:2] includes the end
}

function matchTerm(inv: Inventory, term: string): string[] {
  const allHosts = [...inv.hosts.keys()];
  if (term === 'all' || term === '*') return allHosts;
  if (term.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${term.slice(1)})`);
    } catch (err) {
      throw new InputError(`bad regular expression in host pattern '${term}': ${(err as Error).message}`);
    }
    return unionByGroupsAndHosts(inv, (name) => re.test(name));
  }
  const sub = /^(.+)\[([-\d:]+)\]$/.exec(term);
  if (sub && inv.groups.has(sub[1])) return subscript(hostsOfGroup(inv, sub[1]), sub[2]);
  if (inv.groups.has(term)) return hostsOfGroup(inv, term);
  if (inv.hosts.has(term)) return [term];
  if (/[*?]/.test(term)) {
    const re = globToRegex(term);
    return unionByGroupsAndHosts(inv, (name) => re.test(name));
  }
  if (isLocalhostName(term)) return [term];
  return [];
}

function unionByGroupsAndHosts(inv: Inventory, test: (name: string) => boolean): string[] {
  const out = new Set<string>();
  for (const g of inv.groups.keys()) if (test(g)) hostsOfGroup(inv, g).forEach((h) => out.add(h));
  for (const h of inv.hosts.keys()) if (test(h)) out.add(h);
  return [...out];
}

/**
 * Hosts matching `pattern`, in inventory order, deduplicated. Unions are taken first, then
 * intersections (&), then exclusions (!), whatever their order in the pattern, as Ansible does.
 */
export function selectHosts(inv: Inventory, pattern: string): string[] {
  const terms = splitPattern(pattern);
  const plain = terms.filter((t) => !t.startsWith('!') && !t.startsWith('&'));
  const intersect = terms.filter((t) => t.startsWith('&')).map((t) => t.slice(1));
  const exclude = terms.filter((t) => t.startsWith('!')).map((t) => t.slice(1));
  let selected = new Set<string>((plain.length ? plain : intersect.length || exclude.length ? ['all'] : []).flatMap((t) => matchTerm(inv, t)));
  for (const t of intersect) {
    const other = new Set(matchTerm(inv, t));
    selected = new Set([...selected].filter((h) => other.has(h)));
  }
  for (const t of exclude) matchTerm(inv, t).forEach((h) => selected.delete(h));
  const order = [...inv.hosts.keys()];
  const implicit = [...selected].filter((h) => !inv.hosts.has(h));
  return [...order.filter((h) => selected.has(h)), ...implicit];
}
