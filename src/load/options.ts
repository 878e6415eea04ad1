// What every loader needs: where secrets go, how to decrypt vaulted text, and which modules exist.
import type { Vars } from '../core/vars.ts';
import type { SecretRegistry } from '../vault/secret-registry.ts';
import type { VaultDecryptor } from '../vault/decryptor.ts';
import type { ModuleDefinition } from '../modules/module.ts';
import { findModule, suggestModules } from '../modules/registry.ts';

/** The module lookup the loader uses; tests pass their own fake modules. */
export interface ModuleCatalog {
  find(name: string): ModuleDefinition | undefined;
  suggest(name: string): string[];
}

export interface LoadOptions {
  secrets: SecretRegistry;
  vault?: VaultDecryptor;
  extraVars?: Vars;
  /** role search path after the playbook's roles/ (ansible.cfg roles_path) */
  rolesPath?: string[];
  /** defaults to the real module registry */
  modules?: ModuleCatalog;
}

export const registryCatalog: ModuleCatalog = { find: findModule, suggest: (name) => suggestModules(name) };

export function catalogOf(opts: LoadOptions): ModuleCatalog {
  return opts.modules ?? registryCatalog;
}
