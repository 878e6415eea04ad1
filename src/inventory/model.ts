import type { Vars } from '../core/vars.ts';

export interface InventoryHost {
  name: string;
  /** vars set on the host itself (inventory file + host_vars/) */
  vars: Vars;
}

export interface InventoryGroup {
  name: string;
  hosts: string[]; // direct members
  children: string[];
  vars: Vars; // inventory file + group_vars/
}

/** Every -i merged into one. Groups 'all' and 'ungrouped' always exist. */
export interface Inventory {
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
  sources: string[];
}
