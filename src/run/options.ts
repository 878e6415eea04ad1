import type { Vars } from '../core/vars.ts';
import type { HostKeyPolicy } from '../connection/options.ts';
import type { SshArgSettings } from '../connection/options.ts';

/** Everything the CLI hands the runner, already parsed and typed. */
export interface RunOptions {
  playbook: string;
  inventories: string[];
  limit?: string;
  tags: string[]; // empty = all
  skipTags: string[];
  check: boolean;
  diff: boolean;
  extraVars: Vars;
  forks: number;
  connection?: string; // -c local|ssh
  user?: string; // -u
  privateKey?: string; // --private-key
  become?: boolean; // -b
  becomeUser?: string;
  becomePassword?: string; // from -K prompt
  hostKeyPolicy?: HostKeyPolicy;
  listHosts: boolean;
  listTasks: boolean;
  listTags: boolean;
  syntaxCheck: boolean;
  startAtTask?: string;
  forceHandlers: boolean;
  verbosity: number;
  json: boolean;
  vaultPasswordFile?: string;
  /** `-e` values holding `@file`, read (and decrypted) when the run starts; `extraVars` is then replaced */
  extraVarsArgs?: string[];
  // From ansible.cfg / ANSIBLE_* (src/config/): the defaults below the command line's flags.
  becomeMethod?: string;
  /** SSH connect timeout, seconds (ansible.cfg `timeout`) */
  timeout?: number;
  /** implicit (default): gather unless gather_facts: false; explicit: only when true; smart: once per host */
  gathering?: 'implicit' | 'explicit' | 'smart';
  /** the template module's `ansible_managed` */
  ansibleManaged?: string;
  /** ansible.cfg [warren] template_max_mib: a template file's size limit; unset means the default, 0 none */
  templateMaxMib?: number;
  anyErrorsFatal?: boolean;
  /** searched for roles after the playbook's roles/ (ansible.cfg roles_path) */
  rolesPath?: string[];
  /** user module directories searched before the playbooks' and roles' library/ (ansible.cfg library) */
  library?: string[];
  /** [ssh_connection] ssh_args / ssh_extra_args that warren's SSH client honours */
  ssh?: SshArgSettings;
  /** [ssh_connection] retries: further connection attempts after the first fails */
  sshRetries?: number;
}

export function defaultRunOptions(playbook: string): RunOptions {
  return {
    playbook,
    inventories: [],
    tags: [],
    skipTags: [],
    check: false,
    diff: false,
    extraVars: {},
    forks: 50,
    listHosts: false,
    listTasks: false,
    listTags: false,
    syntaxCheck: false,
    forceHandlers: false,
    verbosity: 0,
    json: false,
  };
}
