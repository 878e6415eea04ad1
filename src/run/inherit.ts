// Keyword inheritance from enclosing Blocks down to a task (Ansible's parent chain).
import type { Block, ModuleTask, Play, RoleContext, TaskKeywords } from '../load/model.ts';
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
  become_method?: string;
  remote_user?: string;
  ignore_unreachable?: boolean;
  timeout?: number | string;
  /** merged down the tree: inner levels' arguments win per module */
  module_defaults?: Record<string, Vars>;
  role?: RoleContext;
  /** inside the block: section of a block that has a rescue: failures count as rescued */
  rescuable: boolean;
  /** inside the block: section of a block that has an always: any_errors_fatal waits for it (Ansible's dont_fail_states) */
  alwaysFollows: boolean;
}

type PlayKeywords = Pick<
  Play,
  | 'tags'
  | 'when'
  | 'become'
  | 'become_user'
  | 'become_method'
  | 'environment'
  | 'any_errors_fatal'
  | 'check_mode'
  | 'diff'
  | 'no_log'
  | 'ignore_errors'
  | 'ignore_unreachable'
  | 'run_once'
  | 'timeout'
  | 'module_defaults'
  | 'throttle'
>;

export function rootInherited(play: Partial<PlayKeywords> & { tags: string[] }): Inherited {
  const root: Inherited = {
    when: play.when ? [...play.when] : [],
    tags: [...play.tags],
    blockVars: [],
    become: play.become,
    become_user: play.become_user,
    environment: play.environment,
    any_errors_fatal: play.any_errors_fatal || undefined,
    throttle: play.throttle,
    rescuable: false,
    alwaysFollows: false,
  };
  for (const key of [
    'become_method',
    'check_mode',
    'diff',
    'no_log',
    'ignore_errors',
    'ignore_unreachable',
    'run_once',
    'timeout',
    'module_defaults',
  ] as const) {
    if (play[key] !== undefined) (root as unknown as Record<string, unknown>)[key] = play[key];
  }
  return root;
}

const INNER_WINS = [
  'become',
  'become_user',
  'become_method',
  'remote_user',
  'environment',
  'no_log',
  'ignore_errors',
  'ignore_unreachable',
  'check_mode',
  'diff',
  'any_errors_fatal',
  'run_once',
  'delegate_to',
  'timeout',
  'throttle',
] as const;

function mergedDefaults(outer: Record<string, Vars> | undefined, inner: Record<string, Vars> | undefined): Record<string, Vars> | undefined {
  if (!inner) return outer;
  if (!outer) return inner;
  const out = { ...outer };
  for (const [module, args] of Object.entries(inner)) out[module] = { ...(out[module] ?? {}), ...args };
  return out;
}

/** Adds one level (a Block, or the task itself) to the inherited keywords. */
export function inheritFrom(parent: Inherited, node: TaskKeywords & { role?: RoleContext }): Inherited {
  const next: Inherited = {
    ...parent,
    when: node.when?.length ? [...parent.when, ...node.when] : parent.when,
    tags: node.tags?.length ? [...new Set([...parent.tags, ...node.tags])] : parent.tags,
    blockVars: node.vars && Object.keys(node.vars).length ? [...parent.blockVars, node.vars] : parent.blockVars,
    role: node.role ?? parent.role,
    module_defaults: mergedDefaults(parent.module_defaults, node.module_defaults),
  };
  if (next.module_defaults === undefined) delete next.module_defaults;
  for (const key of INNER_WINS) {
    if (node[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = node[key];
  }
  return next;
}

/** Entering a block's `block:` section. */
export function enterBlock(parent: Inherited, block: Block): Inherited {
  return {
    ...inheritFrom(parent, block),
    rescuable: block.rescue.length > 0 || parent.rescuable,
    alwaysFollows: block.always.length > 0 || parent.alwaysFollows,
  };
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
