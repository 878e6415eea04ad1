// Keyword inheritance from enclosing Blocks down to a task (Ansible's parent chain).
import type { Block, ModuleTask, RoleContext, TaskKeywords } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';

/** What a task inherits from its enclosing blocks (outer -> inner) and the play. */
export interface Inherited {
  when: string[];
  tags: string[];
  blockVars: Vars[]; // outer -> inner
  become?: boolean;
  become_user?: string;
  environment?: Record<string, unknown>;
  no_log?: boolean;
  ignore_errors?: boolean;
  check_mode?: boolean;
  diff?: boolean;
  any_errors_fatal?: boolean;
  throttle?: number | string;
  run_once?: boolean;
  delegate_to?: string;
  role?: RoleContext;
  /** inside the block: section of a block that has a rescue: failures count as rescued */
  rescuable: boolean;
}

export function rootInherited(play: { tags: string[]; when?: string[]; become?: boolean; become_user?: string; environment?: Record<string, unknown>; any_errors_fatal?: boolean; throttle?: number | string }): Inherited {
  return {
    when: play.when ? [...play.when] : [],
    tags: [...play.tags],
    blockVars: [],
    become: play.become,
    become_user: play.become_user,
    environment: play.environment,
    any_errors_fatal: play.any_errors_fatal || undefined,
    throttle: play.throttle,
    rescuable: false,
  };
}

const INNER_WINS = ['become', 'become_user', 'environment', 'no_log', 'ignore_errors', 'check_mode', 'diff', 'any_errors_fatal', 'throttle', 'run_once', 'delegate_to'] as const;

/** Adds one level (a Block, or the task itself) to the inherited keywords. */
export function inheritFrom(parent: Inherited, node: TaskKeywords & { role?: RoleContext }): Inherited {
  const next: Inherited = {
    ...parent,
    when: node.when?.length ? [...parent.when, ...node.when] : parent.when,
    tags: node.tags?.length ? [...new Set([...parent.tags, ...node.tags])] : parent.tags,
    blockVars: node.vars && Object.keys(node.vars).length ? [...parent.blockVars, node.vars] : parent.blockVars,
    role: node.role ?? parent.role,
  };
  for (const key of INNER_WINS) {
    if (node[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = node[key];
  }
  return next;
}

/** Entering a block's `block:` section. */
export function enterBlock(parent: Inherited, block: Block): Inherited {
  return { ...inheritFrom(parent, block), rescuable: block.rescue.length > 0 || parent.rescuable };
}

/** Entering rescue/always: failures there are real unless an outer block rescues them. */
export function enterBlockSection(parent: Inherited, block: Block): Inherited {
  return inheritFrom(parent, block);
}

/** A task's effective keywords: its own keywords over what it inherited. */
export function effectiveTask(parent: Inherited, task: ModuleTask): Inherited {
  const inherited = inheritFrom(parent, { ...task, vars: undefined });
  return inherited;
}
