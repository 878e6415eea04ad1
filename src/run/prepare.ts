// Everything loaded and validated before any host is contacted: playbook, inventory,
// playbook-adjacent group_vars/host_vars, vars_files, handler names.
import { dirname, resolve } from 'node:path';
import type { Inventory } from '../inventory/model.ts';
import type { Play, PlayHeader, Playbook } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { LoadOptions } from '../load/options.ts';
import { loadPlaybook, playHeadersOf } from '../load/playbook.ts';
import { loadVarsFile } from '../load/vars-file.ts';
import { loadInventory } from '../inventory/load.ts';
import { loadVarsDirs } from '../inventory/vars-dirs.ts';
import { groupNamesOf, inventoryVarsFor } from '../inventory/vars.ts';
import type { TemplateEngine } from '../template/engine.ts';
import { InputError, TemplateError } from '../core/errors.ts';
import { checkNotifications } from './handlers.ts';
import { checkPlayIncludes, checkPlayTemplates } from './template-check.ts';
import { includeLoader } from '../load/include-loader.ts';
import type { HostInventoryVars } from './run-context.ts';
import type { RunOptions } from './options.ts';

export interface PreparedRun {
  playbook: Playbook;
  inventory: Inventory;
  varsFiles: Map<Play, Vars>;
  inventoryVarsOf(host: string): HostInventoryVars;
  reloadInventory(): Promise<Inventory>;
  /** add_host / group_by changed the inventory in place: its vars are computed again */
  forgetInventoryVars(): void;
}

async function loadPlayVarsFiles(play: Play, engine: TemplateEngine, opts: LoadOptions, extraVars: Vars): Promise<Vars> {
  let merged: Vars = {};
  for (const raw of play.vars_files) {
    let path = raw;
    try {
      if (/\{[{%]/.test(raw)) path = resolve(play.dir ?? '.', String(engine.renderString(raw, { ...play.vars, ...extraVars }, play.loc)));
    } catch (err) {
      // Before the run an undefined name in a vars_files path is bad input (exit 4).
      if (err instanceof TemplateError) throw new InputError(`vars_files: ${err.message}`);
      throw err;
    }
    merged = { ...merged, ...(await loadVarsFile(path, opts)) };
  }
  return merged;
}

/** The inventory, its vars and the plays' hosts, known while roles and includes may still be loading. */
export interface PlaysKnown {
  inventory: Inventory;
  inventoryVarsOf(host: string): HostInventoryVars;
  plays: PlayHeader[];
}

type VarsDirs = Awaited<ReturnType<typeof loadVarsDirs>>;

const noVarsDirs = (): VarsDirs => ({ groups: new Map<string, Vars>(), hosts: new Map<string, Vars>() });

export async function prepareRun(
  options: RunOptions,
  opts: LoadOptions,
  engine: TemplateEngine,
  built?: Playbook,
  onPlaysKnown?: (known: PlaysKnown) => void,
): Promise<PreparedRun> {
  // --syntax-check reads no variable: no group_vars/host_vars file is read (nor a vault decrypted).
  const readsVars = !options.syntaxCheck;
  // The inventory and the playbook-adjacent vars load while the playbook does: their vault keys
  // derive on the thread pool (scrypt, the largest CPU cost of a converged run's start) beside the
  // playbook's parsing. A bad playbook is still the error reported first.
  const inventoryLoad = loadInventory(options.inventories, opts, { vars: readsVars });
  inventoryLoad.catch(() => undefined);
  const adjacentLoad = readsVars ? loadVarsDirs(built?.dir ?? dirname(resolve(options.playbook)), opts) : Promise.resolve(noVarsDirs());
  adjacentLoad.catch(() => undefined);
  let inventory: Inventory | undefined;
  let adjacent: VarsDirs | undefined;
  const varsLoaded = Promise.all([inventoryLoad, adjacentLoad]).then(([inv, adj]) => {
    inventory ??= inv;
    adjacent ??= adj;
  });
  varsLoaded.catch(() => undefined);
  const cache = new Map<string, HostInventoryVars>();
  // Called only once both loads are done (from announce, or after the awaits below).
  const inventoryVarsOf = (host: string): HostInventoryVars => {
    let v = cache.get(host);
    if (!v) {
      const { groupVars, hostVars } = inventoryVarsFor(inventory!, host);
      const playbookGroupVars: Vars = { ...(adjacent!.groups.get('all') ?? {}) };
      for (const g of groupNamesOf(inventory!, host)) Object.assign(playbookGroupVars, adjacent!.groups.get(g) ?? {});
      v = { inventoryGroupVars: groupVars, inventoryHostVars: hostVars, playbookGroupVars, playbookHostVars: adjacent!.hosts.get(host) ?? {} };
      cache.set(host, v);
    }
    return v;
  };
  const announce = (plays: PlayHeader[]) => {
    if (onPlaysKnown)
      void varsLoaded.then(
        () => onPlaysKnown({ inventory: inventory!, inventoryVarsOf, plays }),
        () => undefined,
      );
  };
  const playbook = built ?? (await loadPlaybook(options.playbook, opts, announce));
  if (built) announce(playHeadersOf(built.plays));
  inventory = await inventoryLoad;
  adjacent = await adjacentLoad;
  const varsFiles = new Map<Play, Vars>();
  for (const play of playbook.plays) {
    checkNotifications(play);
    checkPlayTemplates(play, playbook.dir, engine, options.extraVars);
    if (options.syntaxCheck) await checkPlayIncludes(play, playbook.dir, includeLoader(opts), engine, options.extraVars);
    varsFiles.set(play, await loadPlayVarsFiles(play, engine, opts, options.extraVars));
  }
  // meta: refresh_inventory reads the inventory sources again, as Ansible does
  const reloadInventory = async (): Promise<Inventory> => {
    inventory = await loadInventory(options.inventories, opts);
    cache.clear();
    return inventory;
  };
  return { playbook, inventory, varsFiles, inventoryVarsOf, reloadInventory, forgetInventoryVars: () => cache.clear() };
}
