import { closest } from 'fastest-levenshtein';
import type { ModuleDefinition } from './module.ts';
import { commandModules } from './commands/index.ts';
import { fileModules } from './files/index.ts';
import { logicModules } from './logic/index.ts';
import { systemModules } from './system/index.ts';
import { rabbitmqModules } from './rabbitmq/index.ts';
import { runtimeModules } from './runtime/index.ts';
import { netModules } from './net/index.ts';
import { sshKeyModules } from './ssh-keys/index.ts';
import { otherPlatformModules } from './other-platforms/index.ts';
import { aptSourceModules } from './apt-sources/index.ts';
import { userModule } from './library/user-module.ts';
import { actionPluginModule } from './action-plugin/action-plugin.ts';

// ansible.legacy.x is the user's x (library/, action_plugins/) else the builtin: the loader looks for the user's first.
const COLLECTION_PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.', 'community.rabbitmq.', 'warren.'];

const modules = new Map<string, ModuleDefinition>();
for (const def of [
  ...commandModules,
  ...fileModules,
  ...logicModules,
  ...systemModules,
  ...rabbitmqModules,
  ...runtimeModules,
  ...sshKeyModules,
  ...netModules,
  ...otherPlatformModules,
  ...aptSourceModules,
])
  modules.set(def.name, def);

/** 'ansible.builtin.copy' -> 'copy'. */
export function canonicalModuleName(name: string): string {
  const prefix = COLLECTION_PREFIXES.find((p) => name.startsWith(p));
  return prefix ? name.slice(prefix.length) : name;
}

export function findModule(name: string): ModuleDefinition | undefined {
  return modules.get(canonicalModuleName(name));
}

/** The module a loaded task runs: the user's action plugin or library/ file the loader found for it, else warren's own. */
export function taskModule(task: { module: string; library?: string; actionPlugin?: string }): ModuleDefinition | undefined {
  if (task.actionPlugin) return actionPluginModule(task.actionPlugin);
  return task.library ? userModule(task.library) : findModule(task.module);
}

/** The task fields that record a user's file answering its module name (library/ or action_plugins/). */
export function userFileFields(def: ModuleDefinition): { library?: string; actionPlugin?: string } {
  if (def.actionPluginFile) return { actionPlugin: def.actionPluginFile };
  return def.source ? { library: def.source } : {};
}

export function moduleNames(): string[] {
  return [...modules.keys()].sort();
}

/** Nearest known module names, for 'unknown module' errors. */
export function suggestModules(name: string, count = 3): string[] {
  const pool = moduleNames();
  const first = closest(canonicalModuleName(name), pool);
  const rest = pool.filter((n) => n !== first && (n.startsWith(name.slice(0, 3)) || name.startsWith(n.slice(0, 3))));
  return [first, ...rest].filter(Boolean).slice(0, count);
}
