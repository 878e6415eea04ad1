// The state of one playbook run, passed explicitly (no module-level state).
import type { Inventory } from '../inventory/model.ts';
import type { Play, Playbook } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { RunEvent } from '../report/events.ts';
import type { SecretRegistry } from '../vault/secret-registry.ts';
import type { VaultDecryptor } from '../vault/decryptor.ts';
import type { TemplateEngine } from '../template/engine.ts';
import type { ConnectionPool } from './connections.ts';
import type { HandlerQueue } from './handlers.ts';
import type { HostStates } from './host-state.ts';
import type { RunOptions } from './options.ts';
import type { RunStats } from './stats.ts';
import type { TagSelection } from './tags.ts';
import type { TemplateScan } from './lazy-vars.ts';
import type { AsyncJobs } from './async-jobs.ts';
import type { IncludeLoader } from '../load/include-loader.ts';
import type { RunProbeCache } from './probe-cache.ts';
import type { TaskNode } from '../load/model.ts';
import type { Inherited } from './inherit.ts';

/** Vars of a host that do not change during the run (inventory + playbook-adjacent dirs). */
export interface HostInventoryVars {
  inventoryGroupVars: Vars;
  inventoryHostVars: Vars;
  playbookGroupVars: Vars;
  playbookHostVars: Vars;
}

export interface RunContext {
  options: RunOptions;
  playbook: Playbook;
  inventory: Inventory;
  secrets: SecretRegistry;
  /** decrypts vaulted files read during the run (include_vars) */
  vault?: VaultDecryptor;
  engine: TemplateEngine;
  emit(event: RunEvent): void;
  stats: RunStats;
  hosts: HostStates;
  connections: ConnectionPool;
  tags: TagSelection;
  /** --start-at-task: the name still looked for; cleared once found */
  startAt: { pattern?: string };
  groups: Record<string, string[]>;
  inventoryVarsOf(host: string): HostInventoryVars;
  /** set when SIGINT arrived: no new task starts */
  interrupted: { value: boolean };
  templateScan: TemplateScan;
  /** async tasks started with poll: 0, for async_status */
  jobs: AsyncJobs;
  /** loads include_tasks files and include_role roles at run time */
  includes: IncludeLoader;
  /** probe answers shared by tasks (modules/module.ts ProbeCache) */
  probeCache: RunProbeCache;
  /** meta: refresh_inventory: reads the inventory again and updates inventory and groups */
  refreshInventory(): Promise<void>;
  /** add_host / group_by changed rc.inventory in place: groups and inventory vars are computed again */
  inventoryChanged(): void;
  /** set_stats data: per host name, or '_run' for the run as a whole */
  customStats: Map<string, Vars>;
}

/** Where the linear strategy is: the list being run, the task's index in it, its parent's inherited settings. */
export interface TaskPosition {
  nodes: readonly TaskNode[];
  index: number;
  inh: Inherited;
}

export interface PlayContext {
  run: RunContext;
  play: Play;
  /** every host of the play (all batches) */
  playHosts: string[];
  /** hosts of the current serial batch */
  batch: string[];
  varsFilesVars: Vars;
  handlers: HandlerQueue;
  /** base vars per host for this play; cleared when facts or set_fact change a host */
  baseVarsCache: Map<string, Vars>;
  /** a meta: end_batch or a fatal failure ended this batch for every host */
  ended: boolean;
  /** counts meta: clear_host_errors, so a block's always section knows its failures were cleared */
  errorsCleared?: number;
  /**
   * Shared by every batch of the play. `ended`: meta: end_play, no batch starts after this one.
   * `fatal`: any_errors_fatal or max_fail_percentage fired; as in Ansible the whole run stops.
   */
  playStop: { ended: boolean; fatal: boolean };
  /** max_fail_percentage, rendered */
  maxFailPercentage?: number;
  /** the task the linear strategy runs now: where the file look-ahead starts */
  position?: TaskPosition;
  /** machine scopes whose file look-ahead this play already took (once each) */
  lookAheadTaken?: Set<string>;
}
