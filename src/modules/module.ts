// The module contract that makes check mode honest (see ../shared/ARCHITECTURE.md):
//   probe  -> read-only: controller-side preparation (render, checksum) + one remote round trip
//   plan   -> pure (state, args) -> what would change, and the diff; no I/O
//   apply  -> performs the plan; never called in check mode
import type { TemplateFileOptions } from '../template/engine.ts';
import type { BecomeOptions, Connection } from '../connection/connection.ts';
import type { Vars } from '../core/vars.ts';

export interface Diff {
  before: string;
  after: string;
  beforeHeader?: string; // e.g. '/etc/haproxy/haproxy.cfg'
  afterHeader?: string;
}

export interface Plan {
  changed: boolean;
  /** The outcome cannot be predicted (command without creates/removes): check mode skips the task. */
  unpredictable?: boolean;
  diff?: Diff[];
  /** Values returned even when nothing changes or in check mode (stat results, debug msg, ...). */
  result?: Record<string, unknown>;
  msg?: string;
  /** Module-private data handed from plan to apply. */
  data?: unknown;
}

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  diff?: Diff[];
  /** facts to set on the host (set_fact, setup) */
  ansible_facts?: Vars;
  [key: string]: unknown;
}

export interface ModuleContext {
  host: string; // inventory_hostname
  conn: Connection;
  vars: Readonly<Vars>; // fully merged vars for this host and task
  check: boolean;
  diff: boolean;
  become?: BecomeOptions; // set when become is on for this task
  environment?: Record<string, string>;
  /** Controller-side lookup for copy/template `src`: role files|templates dir, role dir, playbook dir. */
  findFile(kind: 'files' | 'templates' | 'vars', name: string): string;
  /** A YAML/JSON vars file on the controller, decrypted (either vault format), its secrets registered. */
  readVarsFile?(path: string): Promise<Vars>;
  /**
   * Renders a template file on the controller with this task's vars (`.j2` and others: Jinja
   * with Ansible's defaults; `.hbs`: Handlebars). `extra` adds vars (template_path, ...).
   */
  renderTemplateFile(path: string, options?: TemplateFileOptions, extra?: Vars): string;
}

export interface ModuleDefinition<A = any, S = any> {
  name: string;
  /** JSON Schema for the (rendered) arguments, checked with ajv; additionalProperties: false */
  argsSchema: Record<string, unknown>;
  /** Key that free-form text (`command: ls -l`) maps to. */
  freeForm?: string;
  /** Runs on the controller only (debug, set_fact, assert, fail): no connection is opened for it. */
  controllerOnly?: boolean;
  probe(ctx: ModuleContext, args: A): Promise<S>;
  plan(state: S, args: A): Plan;
  apply(ctx: ModuleContext, args: A, plan: Plan): Promise<ModuleResult>;
}

export class ModuleFailure extends Error {
  constructor(message: string, readonly result: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ModuleFailure';
  }
}
