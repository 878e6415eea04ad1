// Builds the ModuleContext a module runs with: its target (connection + become + environment),
// the --diff flag, file lookup and template rendering. Check mode is not in it (execute.ts).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { BecomeOptions, Connection } from '../connection/connection.ts';
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import type { ModuleContext } from '../modules/module.ts';
import { ModuleFailure } from '../modules/module.ts';
import type { Inherited } from './inherit.ts';
import { loadVarsFile } from '../load/vars-file.ts';
import type { PlayContext } from './run-context.ts';
import { taskTarget } from './task-target.ts';
import { lookAheadFor } from './file-look-ahead.ts';
import { recordCustomStats, runtimeInventory } from './runtime-inventory.ts';

/** Where copy/template look for `src`: role files|templates dir, role dir, then playbook dir. */
export function searchPaths(kind: 'files' | 'templates' | 'vars', name: string, rolePath: string | undefined, playbookDir: string): string[] {
  if (isAbsolute(name)) return [name];
  const paths: string[] = [];
  if (rolePath) paths.push(join(rolePath, kind, name), join(rolePath, name));
  paths.push(join(playbookDir, kind, name), join(playbookDir, name));
  return paths;
}

export function findFile(kind: 'files' | 'templates' | 'vars', name: string, rolePath: string | undefined, playbookDir: string): string {
  const paths = searchPaths(kind, name, rolePath, playbookDir);
  const found = paths.find((p) => existsSync(p));
  if (!found) throw new ModuleFailure(`Could not find or access '${name}'. Searched in: ${paths.join(', ')}`, { searched: paths });
  return found;
}

/** Ansible's truth for a become variable given as text ('yes', 'true', '1') or a boolean. */
function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(yes|true|on|1|y)$/i.test(value.trim())) || value === 1;
}

/**
 * Become settings, with Ansible's precedence: variables (ansible_become, ansible_become_user)
 * over keywords (become, become_user) over the command line (-b, --become-user).
 */
export function becomeFor(pc: PlayContext, inh: Inherited, vars: Vars, where?: SourceLocation): BecomeOptions | undefined {
  const opts = pc.run.options;
  const on = vars.ansible_become !== undefined ? truthy(vars.ansible_become) : (inh.become ?? opts.become ?? false);
  if (!on) return undefined;
  const password = opts.becomePassword ?? (typeof vars.ansible_become_password === 'string' ? vars.ansible_become_password : undefined);
  const keyword = inh.become_user !== undefined ? String(pc.run.engine.renderString(inh.become_user, vars, where)) : undefined;
  const user = vars.ansible_become_user !== undefined ? String(vars.ansible_become_user) : (keyword ?? opts.becomeUser ?? 'root');
  const method = vars.ansible_become_method !== undefined ? String(vars.ansible_become_method) : (inh.become_method ?? opts.becomeMethod ?? 'sudo');
  if (method !== 'sudo' && method !== 'su') throw new ModuleFailure(`become_method '${method}' is not supported (warren becomes with sudo or su)`);
  return { user, method, ...(password ? { password } : {}) };
}

export function environmentFor(pc: PlayContext, inh: Inherited, vars: Vars, where: SourceLocation): Record<string, string> | undefined {
  if (!inh.environment) return undefined;
  const rendered = pc.run.engine.renderValue(inh.environment, vars, where) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rendered).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Check mode for this task: the check_mode keyword over --check. */
export function checkModeFor(pc: PlayContext, inh: Inherited): boolean {
  return inh.check_mode ?? pc.run.options.check;
}

/** `machine`: where the task runs (its delegate_to, else the host): with become and environment, the probe cache's scope. */
export function buildModuleContext(
  pc: PlayContext,
  host: string,
  conn: Connection,
  inh: Inherited,
  vars: Vars,
  where: SourceLocation,
  machine: string = host,
): ModuleContext {
  const opts = pc.run.options;
  const become = becomeFor(pc, inh, vars, where);
  const environment = environmentFor(pc, inh, vars, where);
  const how = `${become?.user ?? ''}\0${JSON.stringify(environment ?? {})}`;
  const lookAhead = machine === host ? lookAheadFor(pc, host, `${machine}\0${how}`) : undefined;
  return {
    host,
    target: taskTarget(conn, become, environment),
    probeCache: pc.run.probeCache.scoped(machine, how),
    ...(lookAhead ? { lookAhead } : {}),
    vars,
    diff: inh.diff ?? opts.diff,
    ...(inh.no_log ? { noLog: true } : {}),
    findFile: (kind, name) => findFile(kind, name, inh.role?.path, pc.play.dir ?? pc.run.playbook.dir),
    readVarsFile: (path) => loadVarsFile(path, { secrets: pc.run.secrets, vault: pc.run.vault }),
    ...(pc.run.vault ? { decryptVault: (text: string) => pc.run.vault!.decrypt(text) } : {}),
    renderTemplateFile: (path, options, extra) => pc.run.engine.renderFile(path, templateVars(vars, path, pc.run.options.ansibleManaged, extra), options),
    inventory: runtimeInventory(pc),
    setStats: (data, options) => recordCustomStats(pc.run.customStats, options.perHost ? host : '_run', data, options.aggregate),
  };
}

/** What Ansible's template action adds for the file it renders (ansible.cfg ansible_managed). */
function templateVars(vars: Vars, path: string, managed = 'Ansible managed', fromModule: Vars = {}): Vars {
  const extra: Vars = { template_path: path, template_fullpath: resolve(path), template_host: hostname(), ...fromModule };
  if (vars.ansible_managed === undefined) extra.ansible_managed = managed;
  // Descriptors, not values: lazily templated vars must not all render just to copy them.
  return Object.defineProperties(Object.defineProperties({}, Object.getOwnPropertyDescriptors(vars)), Object.getOwnPropertyDescriptors(extra)) as Vars;
}
