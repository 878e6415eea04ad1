// The typed model the loader produces and the runner consumes. Imports (import_tasks,
// import_role, include_role, roles:) are expanded at load time into Blocks, so the runner only
// walks Tasks and Blocks and inherits keywords down the tree.
import type { SourceLocation } from '../core/location.ts';
import type { Vars } from '../core/vars.ts';

/** Keywords shared by tasks, blocks and handlers; all optional; inherited from blocks to tasks. */
export interface TaskKeywords {
  name?: string;
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
  /** most hosts running each task at once; a number or a template rendered per task */
  throttle?: number | string;
}

export interface LoopControl {
  loop_var?: string;
  index_var?: string;
  label?: string;
}

export interface ModuleTask extends TaskKeywords {
  kind: 'task';
  /** canonical module name ('copy', not 'ansible.builtin.copy'); 'meta' for meta: actions */
  module: string;
  /** arguments, unrendered (strings may hold {{ }}); free-form text goes under the module's freeForm key */
  args: Vars;
  loop?: unknown; // list, or a template string that renders to a list
  loop_control?: LoopControl;
  register?: string;
  notify?: string[];
  changed_when?: string[];
  failed_when?: string[];
  until?: string[];
  /** a number, or a template rendered per host ('{{ join_retries }}') */
  retries?: number | string;
  delay?: number | string;
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

export type TaskNode = ModuleTask | Block;

export interface RoleContext {
  name: string;
  path: string; // role directory
  defaults: Vars;
  vars: Vars;
  params: Vars;
}

export interface Play {
  name: string;
  hosts: string; // host pattern
  vars: Vars;
  vars_files: string[]; // resolved absolute paths
  gather_facts: boolean;
  /** the play set gather_facts / any_errors_fatal itself (else ansible.cfg's gathering / any_errors_fatal apply) */
  gather_facts_given?: boolean;
  any_errors_fatal_given?: boolean;
  become?: boolean;
  become_user?: string;
  remote_user?: string; // play-level remote_user (like -u)
  connection?: string;
  serial?: Array<number | string>; // numbers, 'NN%' or templates rendered with play vars
  any_errors_fatal: boolean;
  max_fail_percentage?: number | string; // a number or a template rendered with play vars
  force_handlers: boolean;
  /** play-level throttle: inherited by every task of the play */
  throttle?: number | string;
  tags: string[];
  environment?: Record<string, unknown>;
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
  handlers: ModuleTask[];
  loc: SourceLocation;
}

export interface Playbook {
  path: string; // absolute
  dir: string;
  plays: Play[];
}
