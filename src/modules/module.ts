// The module contract that makes check mode honest (see ../shared/ARCHITECTURE.md):
//   prepare -> optional side effects that must come before reading state (apt-get update,
//              systemctl daemon-reload); skipped in check mode
//   probe   -> read-only: controller-side preparation (render, checksum) + one remote round trip
//   plan    -> pure (state, args) -> what would change, the diff, and the typed data apply needs
//   apply   -> performs the plan; never called in check mode
// A module reaches its host only through `ctx.target`, which the runner builds once per task with
// the task's become and environment already in it: no module can forget either. No step is told
// whether this is check mode; the runner alone decides which steps run.
import type { ExecResult } from '../connection/connection.ts';
import type { TemplateFileOptions } from '../template/engine.ts';
import type { Vars } from '../core/vars.ts';

/** One side-by-side diff; the header keys are Ansible's, as registered and in JSON output. */
export interface Diff {
  before: string;
  after: string;
  before_header?: string; // e.g. '/etc/haproxy/haproxy.cfg'
  after_header?: string;
}

/**
 * A diff as Ansible's own module returns it (file): one mapping per side, in every mode, so it
 * is registered; reporters show it (as JSON, like Ansible's callback) only in diff mode.
 * Diff[] lists are warren's rendered diffs and exist only in diff mode.
 */
export interface ReturnedDiff {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Per-command options; `env` is added over the task's `environment:` (the module's own wins). */
export interface RunOptions {
  stdin?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The one port from a module to its host: a POSIX shell, file upload, file download. */
export interface Target {
  /** inventory_hostname of the task's host (also under delegate_to) */
  readonly host: string;
  run(script: string, options?: RunOptions): Promise<ExecResult>;
  /** Writes exactly remotePath (atomic installs do temp + rename: see lib/install.ts). */
  put(content: Buffer | string, remotePath: string, options?: { mode?: string | number }): Promise<void>;
  get(remotePath: string): Promise<Buffer>;
  /** Notes a temp file about to be uploaded, so a run that dies mid-upload has it removed on the
   * next connection (connection/upload-temps.ts); the returned function forgets it. */
  noteTemp?(remotePath: string): Promise<() => void>;
}

interface PlanFields {
  /** The outcome cannot be predicted (command without creates/removes): check mode skips the task. */
  unpredictable?: boolean;
  diff?: Diff[];
  /** Values returned even when nothing changes or in check mode (stat results, debug msg, ...). */
  result?: Record<string, unknown>;
  msg?: string;
  /** The message in check mode where Ansible words it otherwise (command: "Would not run ..."). */
  checkMsg?: string;
  /**
   * Something the host lacks that an earlier task installs (rabbitmqctl before rabbitmq-server):
   * a real run fails with this message; check mode reports the plan, made against the empty state.
   */
  blockedBy?: string;
}

type PlanData<D> = undefined extends D ? { data?: D } : { data: D };

/** A plan that changes something: what apply receives, with the module's own typed data. */
export type ChangePlan<D = undefined> = PlanFields & { changed: true } & PlanData<D>;
export type Plan<D = undefined> = (PlanFields & { changed: false; data?: D }) | ChangePlan<D>;

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  diff?: Diff[] | ReturnedDiff;
  /** facts or variables to set on the host (see ModuleDefinition.returns) */
  ansible_facts?: Vars;
  [key: string]: unknown;
}

/**
 * Read-only answers shared by the tasks of a run on one machine (as one user). The runner forgets
 * them all whenever a task may have changed something (an apply, a retry); a probe that uses it
 * must read nothing a plain unchanged task could alter.
 */
export interface LookAheadPaths {
  /** absolute paths to stat (and hash when regular files) */
  stat: string[];
  /** of those, the ones whose whole content a task reads (lineinfile, blockinfile, replace) */
  content: string[];
}

export interface ProbeCache {
  /** read()'s answer for this key, read once until the cache is forgotten */
  remember<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** the answer remembered for this key, if any (nothing is read) */
  peek?<T>(key: string): Promise<T> | undefined;
  /** forgets every host's answers (a change on one cluster node shows on the others) */
  forget(): void;
}

export interface ModuleContext {
  host: string; // inventory_hostname
  target: Target;
  /** absent outside a playbook run (module tests): probes then read every time */
  probeCache?: ProbeCache;
  /**
   * The paths the play's remaining tasks will probe on this machine (src/run/file-look-ahead.ts),
   * read in one command by the first file probe (modules/lib/look-ahead.ts). Answers once per
   * machine and play, then undefined.
   */
  lookAhead?: () => LookAheadPaths | undefined;
  vars: Readonly<Vars>; // fully merged vars for this host and task
  /** --diff: probes may read content they only need to show a diff */
  diff: boolean;
  /** the task's no_log: a module that logs on its host (a user's AnsibleModule, to syslog) must not */
  noLog?: boolean;
  /** Controller-side lookup for copy/template `src`: role files|templates dir, role dir, playbook dir. */
  findFile(kind: 'files' | 'templates' | 'vars', name: string): string;
  /** A YAML/JSON vars file on the controller, decrypted (either vault format), its secrets registered. */
  readVarsFile?(path: string): Promise<Vars>;
  /** Decrypts a vaulted controller file (copy's decrypt); absent when the run has no vault password. */
  decryptVault?(vaultText: string): string;
  /**
   * Renders a template file on the controller with this task's vars (`.j2` and others: Jinja
   * with Ansible's defaults; `.hbs`: Handlebars). `extra` adds vars (template_path, ...).
   */
  renderTemplateFile(path: string, options?: TemplateFileOptions, extra?: Vars): string;
  /** The run's in-memory inventory, for add_host and group_by; absent outside a playbook run. */
  inventory?: RuntimeInventory;
  /** set_stats: custom stats kept by the run (per host or global, aggregated or replaced). */
  setStats?(data: Vars, options: { perHost: boolean; aggregate: boolean }): void;
  /** What a controller-side action plugin reaches besides the target; given to action plugins only. */
  controller?: ControllerPort;
}

/**
 * The runner's side of a Python action plugin (modules/action-plugin/): the modules it asks for
 * run through the runner's own module path for this task, with the same target (become and
 * environment), diff and no_log, so the plugin needs nothing of either.
 */
export interface ControllerPort {
  /** Runs the module (as: 'module') or action that answers `name` for this task; undefined when none does. */
  runModule(name: string, args: Record<string, unknown>, options: { as: 'module' | 'action'; check: boolean }): Promise<ModuleResult | undefined>;
  /** Whether a module (or action) answers `name`; its file when it is the user's. */
  lookup(name: string, as: 'module' | 'action'): { found: boolean; file?: string; actionPlugin?: boolean };
  /** Renders a value with the task's vars, as Ansible's templar does. */
  template(value: unknown): unknown;
  /** A line of output at a verbosity level (display.v() and friends). */
  display(level: number, message: string): void;
  /** A [WARNING] line (display.warning()). */
  warn(message: string): void;
  task: { action: string; name?: string; asyncSeconds: number; poll: number; register?: string; delegateTo?: string };
  play: { verbosity: number; connection: string; remoteUser?: string; become: boolean; becomeUser?: string; basedir: string; search: string[] };
}

/** Run-time inventory changes; each returns whether the inventory changed (Ansible's `changed`). */
export interface RuntimeInventory {
  addHost(name: string, groups: string[], vars: Vars): boolean;
  addToGroup(host: string, group: string, parents: string[]): boolean;
}

/** What a result's `ansible_facts` are: host facts (the default), gathered facts, or variables (set_fact's or include_vars' layer). */
export type ReturnedFacts = 'facts' | 'gathered-facts' | 'variables' | 'included-variables';

/** Variables a loop's later items see (Ansible's set_fact and include_vars), not only later tasks. */
export function returnsVariables(returns: ReturnedFacts | undefined): boolean {
  return returns === 'variables' || returns === 'included-variables';
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds definitions of every argument type
export interface ModuleDefinition<Args = any, State = any, Data = any> {
  name: string;
  /** A user's module file (library/): the loader records it on the task, the runner runs it. */
  source?: string;
  /** A user's Python action plugin file (action_plugins/), recorded on the task the same way. */
  actionPluginFile?: string;
  /** JSON Schema for the (rendered) arguments, checked with ajv; additionalProperties: false */
  argsSchema: Record<string, unknown>;
  /** Key that free-form text (`command: ls -l`) maps to. */
  freeForm?: string;
  /** Ansible's argument aliases, alias -> name; folded once, after validation, before prepare/probe. */
  aliases?: Record<string, string>;
  /** Runs on the controller only (debug, set_fact, assert, fail): no connection is opened for it. */
  controllerOnly?: boolean;
  /**
   * Arguments that keep Python's value types (a whole float stays a PyFloat, printing as `2.0`):
   * `all`, or the names; every other argument reaches the module as plain JavaScript numbers.
   */
  pythonArgs?: 'all' | readonly string[];
  /**
   * `facts` (default): ansible_facts become host facts, also under ansible_facts.<name>;
   * `gathered-facts`: like setup (name -> ansible_<name>); `variables`: set_fact's layer;
   * `included-variables`: include_vars' layer (above task vars, below set_fact), as Ansible's.
   */
  returns?: ReturnedFacts;
  /** Runs once for the whole batch, on its first host (Ansible's BYPASS_HOST_LOOP: add_host, pause). */
  bypassHostLoop?: boolean;
  /** Side effects before the probe; skipped in check mode. Its values are added to the result, over plan.result. */
  prepare?(ctx: ModuleContext, args: Args): Promise<Record<string, unknown> | void>;
  probe(ctx: ModuleContext, args: Args): Promise<State>;
  /**
   * A module that predicts itself (a user's library/ module, run with `_ansible_check_mode`, as
   * Ansible's supports_check_mode): check mode calls this instead of probe -> plan.
   */
  checkRun?(ctx: ModuleContext, args: Args): Promise<ModuleResult>;
  plan(state: State, args: Args): Plan<Data>;
  apply(ctx: ModuleContext, args: Args, plan: ChangePlan<Data>): Promise<ModuleResult>;
}

export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly result: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ModuleFailure';
  }
}
