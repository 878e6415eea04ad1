// Per-load state handed down explicitly (no module-level state).
import type { Block, ModuleTask, RoleContext } from './model.ts';
import type { LoadOptions, ModuleCatalog } from './options.ts';
import type { Validators } from './validate.ts';
import type { TemplateEngine } from '../template/engine.ts';

export interface PlayScope {
  /** role instances already in this play (dir + params), for Ansible's once-per-play rule */
  seenRoles: Set<string>;
  /** role handlers, in role order */
  roleHandlers: ModuleTask[];
  handlerRoles: Set<string>;
}

export interface LoadContext {
  opts: LoadOptions;
  catalog: ModuleCatalog;
  validators: Validators;
  playbookDir: string;
  /** files being imported right now, to catch import cycles */
  importStack: string[];
  /** roles being expanded right now, to catch dependency cycles */
  roleStack: string[];
  play: PlayScope;
  /** the current play's vars (for static imports' `{{ }}`) */
  playVars: Record<string, unknown>;
  /** made on first use: static imports with `{{ }}` are rare */
  engine(): TemplateEngine;
}

/** Where a task list lives: relative imports resolve from here. */
export interface TaskScope {
  fileDir: string;
  role?: RoleContext;
  roleTasksDir?: string;
  handlers: boolean;
}

export function newPlayScope(): PlayScope {
  return { seenRoles: new Set(), roleHandlers: [], handlerRoles: new Set() };
}

export type { Block };
