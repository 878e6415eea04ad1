// Ansible's variable precedence, lowest first. Each layer replaces whole top-level keys of the
// layers below (Ansible's default hash_behaviour=replace): dicts are not merged.
import type { Vars } from '../core/vars.ts';

export interface VarLayers {
  roleDefaults?: Vars;
  /** inventory group vars, already merged all < parent < child */
  inventoryGroupVars?: Vars;
  playbookGroupVars?: Vars;
  inventoryHostVars?: Vars;
  playbookHostVars?: Vars;
  facts?: Vars;
  playVars?: Vars;
  varsFiles?: Vars;
  roleVars?: Vars;
  /** outer block first, innermost last */
  blockVars?: Vars[];
  taskVars?: Vars;
  includeVars?: Vars;
  /** set_fact and register results */
  setFacts?: Vars;
  roleParams?: Vars;
  extraVars?: Vars;
  /** magicVars(): inventory_hostname, groups, hostvars...; Ansible applies them last */
  magic?: Vars;
}

/** Layer names in the order they apply, lowest first (blockVars expands to each block). */
export const LAYER_ORDER = [
  'roleDefaults',
  'inventoryGroupVars',
  'playbookGroupVars',
  'inventoryHostVars',
  'playbookHostVars',
  'facts',
  'playVars',
  'varsFiles',
  'roleVars',
  'blockVars',
  'taskVars',
  'includeVars',
  'setFacts',
  'roleParams',
  'extraVars',
  'magic',
] as const satisfies ReadonlyArray<keyof VarLayers>;

/** Flattens the layers into one Vars object (a fresh object; the layers are not changed). */
export function mergeVars(layers: VarLayers): Vars {
  const merged: Vars = {};
  for (const name of LAYER_ORDER) {
    if (name === 'blockVars') {
      for (const block of layers.blockVars ?? []) Object.assign(merged, block);
    } else {
      const layer = layers[name];
      if (layer) Object.assign(merged, layer);
    }
  }
  return merged;
}
