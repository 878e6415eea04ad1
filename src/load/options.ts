// What every loader needs: where secrets go, how to decrypt vaulted text, and which modules exist.
import type { Vars } from '../core/vars.ts';
import type { SecretRegistry } from '../vault/secret-registry.ts';
import type { VaultDecryptor } from '../vault/decryptor.ts';
import type { ModuleDefinition } from '../modules/module.ts';
import { findModule, suggestModules } from '../modules/registry.ts';
import { userModule } from '../modules/library/user-module.ts';
import { actionPluginModule } from '../modules/action-plugin/action-plugin.ts';
import { PluginDirs } from './plugin-dirs.ts';

/** The module lookup the loader uses; tests pass their own fake modules. */
export interface ModuleCatalog {
  find(name: string): ModuleDefinition | undefined;
  suggest(name: string): string[];
  /** The Python action plugin file Ansible would run for this name, if any (find answers it). */
  actionPlugin?(name: string): string | undefined;
  /** The module for this name, action plugins aside (what an action plugin's _execute_module runs). */
  module?(name: string): ModuleDefinition | undefined;
}

export interface LoadOptions {
  secrets: SecretRegistry;
  vault?: VaultDecryptor;
  extraVars?: Vars;
  /** role search path after the playbook's roles/ (ansible.cfg roles_path) */
  rolesPath?: string[];
  /** defaults to the real module registry */
  modules?: ModuleCatalog;
  /** library/ and action_plugins/ directories found so far (shared by the run's loads) */
  plugins?: PluginDirs;
}

export const registryCatalog: ModuleCatalog = { find: findModule, suggest: (name) => suggestModules(name) };

/**
 * The real registry, with the user's library/ modules over it as Ansible's `ansible.legacy`
 * resolves them, and the user's action plugins over both: in Ansible an action plugin named x
 * answers the task `x:` whatever module x exists (its _execute_module then runs the module).
 */
export function catalogOf(opts: LoadOptions): ModuleCatalog {
  if (opts.modules) return opts.modules;
  opts.plugins ??= new PluginDirs();
  const plugins = opts.plugins;
  const module = (name: string) => {
    const file = plugins.module(name);
    return file ? userModule(file) : findModule(name);
  };
  return {
    find: (name) => {
      const plugin = plugins.actionPlugin(name);
      return plugin ? actionPluginModule(plugin) : module(name);
    },
    module,
    suggest: registryCatalog.suggest,
    actionPlugin: (name) => plugins.actionPlugin(name),
  };
}
