// The typed model the loader produces and the runner consumes. Static imports (import_tasks,
// import_role, roles:) are expanded at load time into Blocks; dynamic includes (include_tasks,
// include_role) stay IncludeTasks that the runner loads per host when it reaches them.
import type { SourceLocation } from '../core/location.ts';
import type { Vars } from '../core/vars.ts';

/** Keywords shared by tasks, blocks and handlers; all optional; inherited from blocks to tasks. */
export interface TaskKeywords {
  name?: string;
  /** the name was written `!unsafe`: shown as written, never templated */
  name_unsafe?: boolean;
  when?: string[]; // raw expressions, all must hold (Ansible's list semantics)
  tags?: string[];
  become?: boolean;
  become_user?: string;
  ignore_errors?: boolean;
  run_once?: boolean;
  delegate_to?: string;
  check_mode?: boolean;
  diff?: boolean;
  no_log?: boolean;
  vars?: Vars;
  environment?: Record<string, unknown>;
  any_errors_fatal?: boolean;
  become_method?: string;
  /** a template rendered per host, like the play's */
  remote_user?: string;
  ignore_unreachable?: boolean;
  /** seconds a task may run before it fails (a number or a template) */
  timeout?: number | string;
  /** module name -> default arguments (merged with the enclosing levels' defaults) */
  module_defaults?: Record<string, Vars>;
  /** most hosts running each task at once; a number or a template rendered per task */
  throttle?: number | string;
}

export interface LoopControl {
  loop_var?: string;
  index_var?: string;
  label?: string;
  extended?: boolean;
  extended_allitems?: boolean;
  /** seconds between items */
  pause?: number | string;
}

/** `with_<lookup>: terms`: the items come from the lookup, run per host after rendering the terms. */
export interface LoopLookup {
  name: string;
  terms: unknown;
}

/** What every looping task node carries. */
export interface LoopKeywords {
  loop?: unknown; // list, or a template string that renders to a list
  loopLookup?: LoopLookup;
  loop_control?: LoopControl;
}

export interface ModuleTask extends TaskKeywords, LoopKeywords {
  kind: 'task';
  /** canonical module name ('copy', not 'ansible.builtin.copy'); 'meta' for meta: actions */
  module: string;
  /** arguments, unrendered (strings may hold {{ }}); free-form text goes under the module's freeForm key */
  args: Vars;
  /** the user's module file (library/) that `module` names, when it is one */
  library?: string;
  /** the user's Python action plugin file (action_plugins/) that `module` names, when it is one */
  actionPlugin?: string;
  register?: string;
  notify?: string[];
  changed_when?: string[];
  failed_when?: string[];
  until?: string[];
  /** a number, or a template rendered per host ('{{ join_retries }}') */
  retries?: number | string;
  delay?: number | string;
  /** async: seconds the job may run in the background; poll: seconds between checks (0: don't wait) */
  async?: number | string;
  poll?: number | string;
  /** facts a delegated task sets go to the delegated host */
  delegate_facts?: boolean;
  /** handlers only */
  listen?: string[];
  role?: RoleContext;
  loc: SourceLocation;
}

export interface Block extends TaskKeywords {
  kind: 'block';
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
  /** set when this block is a role's body: role vars/defaults/params apply inside */
  role?: RoleContext;
  loc: SourceLocation;
}

/** Where a node was written: relative include paths resolve from here (as in the loader). */
export interface IncludeScope {
  fileDir: string;
  roleTasksDir?: string;
  role?: RoleContext;
}

/** include_tasks / include_role: loaded and run when the runner reaches it, per host. */
export interface IncludeTask extends TaskKeywords, LoopKeywords {
  kind: 'include';
  action: 'include_tasks' | 'include_role';
  /** tasks file (include_tasks) or role name (include_role); may hold {{ }} */
  target: string;
  /** include_role: tasks_from, vars_from, defaults_from, handlers_from, public, allow_duplicates */
  roleArgs?: Vars;
  /** `apply:` keywords, given to every included task */
  apply?: TaskKeywords;
  scope: IncludeScope;
  /** handlers only: topics this include answers to */
  listen?: string[];
  loc: SourceLocation;
}

export type TaskNode = ModuleTask | Block | IncludeTask;

/** A handler: a module task, or an include_tasks/include_role that runs when notified. */
export type Handler = ModuleTask | IncludeTask;

export interface RoleContext {
  name: string;
  path: string; // role directory
  defaults: Vars;
  vars: Vars;
  params: Vars;
}

export interface Play {
  name: string;
  /** the play's own name holds a template (not `!unsafe`): shown rendered with the play's vars */
  name_templated?: boolean;
  hosts: string; // host pattern
  vars: Vars;
  vars_files: string[]; // resolved absolute paths
  gather_facts: boolean;
  /** the play set gather_facts / any_errors_fatal itself (else ansible.cfg's gathering / any_errors_fatal apply) */
  gather_facts_given?: boolean;
  any_errors_fatal_given?: boolean;
  become?: boolean;
  become_user?: string;
  become_method?: string;
  remote_user?: string; // play-level remote_user (like -u); `user` is its old name
  connection?: string;
  serial?: Array<number | string>; // numbers, 'NN%' or templates rendered with play vars
  any_errors_fatal: boolean;
  max_fail_percentage?: number | string; // a number or a template rendered with play vars
  force_handlers: boolean;
  /** play-level throttle: inherited by every task of the play */
  throttle?: number | string;
  tags: string[];
  environment?: Record<string, unknown>;
  strategy: 'linear' | 'free' | 'host_pinned';
  check_mode?: boolean;
  diff?: boolean;
  no_log?: boolean;
  ignore_errors?: boolean;
  ignore_unreachable?: boolean;
  run_once?: boolean;
  timeout?: number | string;
  module_defaults?: Record<string, Vars>;
  vars_prompt: VarPrompt[];
  gather_subset?: string[];
  gather_timeout?: number;
  /** host order: inventory, reverse_inventory, sorted, reverse_sorted, shuffle */
  order?: string;
  /** conditions from `import_playbook: x.yml` + `when:`, applied to every task of the play */
  when?: string[];
  /** directory of the playbook file the play comes from (differs from Playbook.dir when imported) */
  dir?: string;
  pre_tasks: TaskNode[];
  /** the roles: section, each as a Block carrying its RoleContext */
  roles: Block[];
  tasks: TaskNode[];
  post_tasks: TaskNode[];
  /** role handlers first (in role order), then the play's own */
  handlers: Handler[];
  loc: SourceLocation;
}

export interface VarPrompt {
  name: string;
  prompt?: string;
  default?: unknown;
  private?: boolean;
  confirm?: boolean;
}

/** What a run may connect with before the plays finish loading: a play's `hosts` and `remote_user` as written. */
export interface PlayHeader {
  hosts: string;
  remoteUser?: string;
}

export interface Playbook {
  path: string; // absolute
  dir: string;
  plays: Play[];
}
