// Per-load state handed down explicitly (no module-level state).
import type { YAMLMap } from 'yaml';
import type { YamlFile } from '../core/yaml-file.ts';
import type { Block, Handler, PlayHeader, RoleContext, TaskNode } from './model.ts';
import type { LoadOptions, ModuleCatalog } from './options.ts';
import type { Validators } from './validate.ts';
import type { TemplateEngine } from '../template/engine.ts';
import type { ParsedFiles } from './parsed-files.ts';

export interface PlayScope {
  /** role instances already in this play (dir + params), for Ansible's once-per-play rule */
  seenRoles: Set<string>;
  /** role handlers, in role order */
  roleHandlers: Handler[];
  handlerRoles: Set<string>;
}

export interface LoadContext {
  opts: LoadOptions;
  catalog: ModuleCatalog;
  validators: Validators;
  playbookDir: string;
  /** YAML and vars files this load already read */
  parsed: ParsedFiles;
  /** files being imported right now, to catch import cycles */
  importStack: string[];
  /** roles being expanded right now, to catch dependency cycles */
  roleStack: string[];
  play: PlayScope;
  /** the current play's vars (for static imports' `{{ }}`) */
  playVars: Record<string, unknown>;
  /** vars of the import_playbook statements the current file comes through (they win over play vars) */
  importVars?: Record<string, unknown>;
  /** made on first use: static imports with `{{ }}` are rare */
  engine(): TemplateEngine;
  /** told each playbook file's plays as soon as its YAML is parsed, before roles and imports load */
  onPlays?: (plays: PlayHeader[]) => void;
  /** import_tasks/include_role -> a Block; handed in (imports.ts) because an imported file holds tasks again */
  expandImport: ImportExpander;
}

export type ImportExpander = (
  ctx: LoadContext,
  src: YamlFile,
  node: YAMLMap,
  raw: Record<string, unknown>,
  actionKey: string,
  scope: TaskScope,
) => Promise<TaskNode>;

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
