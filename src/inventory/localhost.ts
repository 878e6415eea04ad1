// The names that mean "this controller", and the host Ansible adds for them when the inventory has none.
import type { Inventory, InventoryHost } from './model.ts';

export const LOCALHOST_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1']);

export function isLocalhostName(name: string): boolean {
  return LOCALHOST_NAMES.has(name);
}

export function isImplicitLocalhost(inv: Inventory, host: string): boolean {
  return isLocalhostName(host) && !inv.hosts.has(host);
}

/** The host Ansible adds when a play names localhost and the inventory does not have it. */
export function implicitLocalhost(name = 'localhost'): InventoryHost {
  return { name, vars: { ansible_connection: 'local', ansible_host: '127.0.0.1' } };
}
