// Loading for dynamic includes: the runner calls these when it reaches an include_tasks or
// include_role, with the target already rendered for the host. Same parser, same checks and
// same error locations as the static load; each call gets a fresh load context.
import { dirname } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Block, Handler, IncludeScope, TaskKeywords, TaskNode } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { catalogOf, type LoadOptions, type ModuleCatalog } from './options.ts';
import { newLoadContext } from './playbook.ts';
import { firstExisting, roleFileOptions, tasksFileCandidates } from './imports.ts';
import { loadRoleBlock } from './role.ts';
import { loadTaskFile } from './task-list.ts';

export interface IncludedRole {
  block: Block;
  /** the role's handlers (and its dependencies'), for the play's handler list */
  handlers: Handler[];
}

export interface IncludeLoader {
  tasks(file: string, scope: IncludeScope, playDir: string, loc: SourceLocation): Promise<TaskNode[]>;
  role(name: string, roleArgs: Vars, keywords: TaskKeywords, scope: IncludeScope, playDir: string, loc: SourceLocation): Promise<IncludedRole>;
  /** The loads' module catalog (the user's library/ modules over warren's), for a module name rendered at run time. */
  modules: ModuleCatalog;
}

export function includeLoader(opts: LoadOptions): IncludeLoader {
  return {
    modules: catalogOf(opts),
    async tasks(file, scope, playDir, loc) {
      const candidates = tasksFileCandidates(file, [scope.fileDir, scope.roleTasksDir, playDir]);
      const found = await firstExisting(candidates);
      if (!found) throw new InputError(`Could not find or access '${file}' (looked in ${candidates.map(dirname).join(', ')})`, loc);
      const ctx = newLoadContext(opts, playDir);
      return loadTaskFile(ctx, found, { ...scope, fileDir: dirname(found), handlers: false }, loc);
    },
    async role(name, roleArgs, keywords, scope, playDir, loc) {
      const ctx = newLoadContext(opts, playDir);
      const block = await loadRoleBlock(ctx, { name, params: {}, keywords, loc, baseDir: scope.fileDir }, { ...roleFileOptions(roleArgs), dedupe: false });
      if (!block) throw new InputError(`role '${name}' gave no tasks`, loc);
      return { block, handlers: ctx.play.roleHandlers };
    },
  };
}
