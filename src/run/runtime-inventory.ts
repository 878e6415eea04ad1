// The run-time ports add_host, group_by and set_stats reach through their ModuleContext.
import type { Vars } from '../core/vars.ts';
import { addHostAtRunTime, addToGroupAtRunTime } from '../inventory/runtime-changes.ts';
import type { RuntimeInventory } from '../modules/module.ts';
import type { PlayContext } from './run-context.ts';

export function runtimeInventory(pc: PlayContext): RuntimeInventory {
  const after = (changed: boolean): boolean => {
    if (changed) {
      pc.run.inventoryChanged();
      pc.baseVarsCache.clear(); // group vars and group_names of any host may differ now
    }
    return changed;
  };
  return {
    addHost: (name, groups, vars) => after(addHostAtRunTime(pc.run.inventory, name, groups, vars)),
    addToGroup: (host, group, parents) => after(addToGroupAtRunTime(pc.run.inventory, host, group, parents)),
  };
}

/** Ansible's custom stats: aggregate merges mappings and adds numbers, lists and strings; else replaces. */
export function recordCustomStats(store: Map<string, Vars>, key: string, data: Vars, aggregate: boolean): void {
  const current = { ...(store.get(key) ?? {}) };
  for (const [name, value] of Object.entries(data)) {
    const old = current[name];
    if (!aggregate || old === undefined) current[name] = value;
    else if (isMapping(old) && isMapping(value)) current[name] = { ...old, ...value };
    else if (Array.isArray(old) && Array.isArray(value)) current[name] = [...old, ...value];
    else if (typeof old === typeof value && (typeof old === 'number' || typeof old === 'string')) current[name] = (old as number) + (value as number);
    else current[name] = value;
  }
  store.set(key, current);
}

function isMapping(v: unknown): v is Vars {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
