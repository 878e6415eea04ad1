// ansible-playbook's flags as commander options, and their conversion into a typed RunOptions.
import { type Command, Option } from 'commander';
import { OptionsError } from '../core/errors.ts';
import { parseExtraVars } from '../load/extra-vars.ts';
import { defaultRunOptions, type RunOptions } from '../run/options.ts';
import { splitTagList } from '../run/tags.ts';
import type { AnsibleSettings } from '../config/ansible-cfg.ts';
import { parseSshArgs, type SshArgSettings } from '../config/ssh-args.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const countUp = (_: string, previous = 0) => previous + 1;

export { parseExtraVars, parseExtraVarsArg, splitKeyValueText } from '../load/extra-vars.ts';

/** Adds the run flags (same names as ansible-playbook) to a command. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect, [])
    .option('-l, --limit <pattern>', 'further limit selected hosts to a pattern')
    .option('-t, --tags <tags>', 'only run plays and tasks tagged with these values (repeatable, comma-separated)', collect, [])
    .option('--skip-tags <tags>', 'only run plays and tasks whose tags do not match these values', collect, [])
    .option('-C, --check', "don't make any changes; predict some of the changes that may occur")
    .option('-D, --diff', 'show the differences in files and templates')
    .option('-e, --extra-vars <vars>', 'set additional variables as key=value, JSON/YAML, or @file (repeatable)', collect, [])
    .option('-f, --forks <n>', 'number of parallel hosts (default 50, or ansible.cfg forks)')
    .option('-c, --connection <type>', 'connection type to use (ssh, local)')
    .option('-u, --user <user>', 'connect as this user')
    .option('--private-key <file>', 'use this file to authenticate the connection')
    .option('-b, --become', 'run operations with become (sudo)')
    .option('--become-user <user>', 'run operations as this user (default root)')
    .option('--become-method <method>', 'privilege escalation method (sudo)')
    .option('-T, --timeout <seconds>', 'SSH connection timeout in seconds (default 10)')
    .option('-K, --ask-become-pass', 'ask for the privilege escalation password')
    .option('--list-hosts', 'outputs a list of matching hosts; does not execute anything else')
    .option('--list-tasks', 'list all tasks that would be executed')
    .option('--list-tags', 'list all available tags')
    .option('--syntax-check', 'perform a syntax check on the playbook, but do not execute it')
    .option('--start-at-task <name>', 'start the playbook at the task matching this name (glob allowed)')
    .option('--force-handlers', 'run handlers even if a task fails')
    .addOption(new Option('-v, --verbose', 'more output (-vvv for more)').argParser(countUp).default(0))
    .option('--json', 'print one JSON record of the run on stdout instead of the text output')
    .option('--report <dir>', 'write an HTML report (report.html) and the JSON record (run.json) of the run into DIR')
    .option(
      '--vault-password-file <file>',
      'vault password file, run if executable (repeatable; or WARREN_VAULT_PASSWORD / WARREN_VAULT_PASSWORD_FILE)',
      collect,
    )
    .option('--vault-id <id>', 'a vault password as LABEL@FILE, LABEL@prompt or FILE (repeatable)', collect)
    .option('-J, --ask-vault-pass', 'ask for the vault password')
    .addOption(new Option('--host-key-policy <policy>', 'unknown SSH host keys: strict or accept-new').choices(['strict', 'accept-new']));
}

/** The raw values commander hands over for the flags above. */
export interface RawRunFlags {
  inventory: string[];
  limit?: string;
  tags: string[];
  skipTags: string[];
  check?: boolean;
  diff?: boolean;
  extraVars: string[];
  forks?: string;
  connection?: string;
  user?: string;
  privateKey?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  timeout?: string;
  askBecomePass?: boolean;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  syntaxCheck?: boolean;
  startAtTask?: string;
  forceHandlers?: boolean;
  verbose: number;
  json?: boolean;
  report?: string;
  vaultPasswordFile?: string[];
  vaultId?: string[];
  askVaultPass?: boolean;
  hostKeyPolicy?: 'strict' | 'accept-new';
}

export function parseForks(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new OptionsError(`-f/--forks: '${value}' is not a positive whole number`);
  return n;
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new OptionsError(`-T/--timeout: '${value}' is not a positive number of seconds`);
  return n;
}

/**
 * -e values: parsed now unless one is `@file`, which may be vaulted and is then read when the run
 * starts (with the vault and secret registry); the others are still checked here, for exit code 5.
 */
function extraVarsOf(args: string[]): Pick<RunOptions, 'extraVars' | 'extraVarsArgs'> {
  if (!args.some((a) => a.trim().startsWith('@'))) return { extraVars: parseExtraVars(args) };
  parseExtraVars(args.filter((a) => !a.trim().startsWith('@')));
  return { extraVars: {}, extraVarsArgs: args };
}

/**
 * Flags -> RunOptions; the become password (-K) is filled in by the caller after prompting.
 * `cfg` (ansible.cfg and ANSIBLE_* variables) fills in what no flag gives.
 */
export function toRunOptions(playbook: string, flags: RawRunFlags, cfg: AnsibleSettings = {}): RunOptions {
  if (flags.connection && !['ssh', 'local'].includes(flags.connection)) {
    throw new OptionsError(`-c/--connection: unknown connection type '${flags.connection}' (expected ssh or local)`);
  }
  const ssh = sshArgsOf(cfg);
  return {
    ...defaultRunOptions(playbook),
    ...extraVarsOf(flags.extraVars),
    inventories: flags.inventory.length ? flags.inventory : (cfg.inventory ?? []),
    limit: flags.limit,
    tags: splitTagList(flags.tags),
    skipTags: splitTagList(flags.skipTags),
    check: !!flags.check,
    diff: !!flags.diff,
    forks: flags.forks !== undefined ? parseForks(flags.forks) : cfg.forks || 50,
    connection: flags.connection,
    user: flags.user ?? cfg.remote_user ?? ssh.user,
    privateKey: flags.privateKey ?? cfg.private_key_file ?? ssh.identityFile,
    become: flags.become ?? cfg.become,
    becomeUser: flags.becomeUser ?? cfg.become_user,
    becomeMethod: flags.becomeMethod ?? cfg.become_method,
    timeout: parseTimeout(flags.timeout) ?? cfg.timeout ?? ssh.connectTimeoutS,
    hostKeyPolicy: flags.hostKeyPolicy ?? (cfg.host_key_checking === undefined ? ssh.hostKeyPolicy : cfg.host_key_checking ? 'strict' : 'accept-new'),
    gathering: cfg.gathering,
    ansibleManaged: cfg.ansible_managed,
    templateMaxMib: cfg.template_max_mib,
    anyErrorsFatal: cfg.any_errors_fatal,
    rolesPath: cfg.roles_path,
    library: cfg.library,
    ssh,
    sshRetries: cfg.ssh_retries,
    listHosts: !!flags.listHosts,
    listTasks: !!flags.listTasks,
    listTags: !!flags.listTags,
    syntaxCheck: !!flags.syntaxCheck,
    startAtTask: flags.startAtTask,
    forceHandlers: !!flags.forceHandlers,
    verbosity: flags.verbose,
    json: !!flags.json,
    vaultPasswordFile: flags.vaultPasswordFile?.[0] ?? cfg.vault_password_file,
  };
}

/** ssh_args then ssh_extra_args; the notes about options warren cannot honour are the config loader's. */
function sshArgsOf(cfg: AnsibleSettings): SshArgSettings {
  return { ...parseSshArgs(cfg.ssh_args ?? '', 'ssh_args').settings, ...parseSshArgs(cfg.ssh_extra_args ?? '', 'ssh_extra_args').settings };
}
