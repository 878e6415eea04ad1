// ansible-playbook's flags as commander options, and their conversion into a typed RunOptions.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { InputError, OptionsError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import { defaultRunOptions, type RunOptions } from '../run/options.ts';
import { splitTagList } from '../run/tags.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const countUp = (_: string, previous = 0) => previous + 1;

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
    .option('-f, --forks <n>', 'number of parallel hosts', '50')
    .option('-c, --connection <type>', 'connection type to use (ssh, local)')
    .option('-u, --user <user>', 'connect as this user')
    .option('--private-key <file>', 'use this file to authenticate the connection')
    .option('-b, --become', 'run operations with become (sudo)')
    .option('--become-user <user>', 'run operations as this user (default root)')
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
    .option('--vault-password-file <file>', 'vault password file (or WARREN_VAULT_PASSWORD / WARREN_VAULT_PASSWORD_FILE)')
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
  forks: string;
  connection?: string;
  user?: string;
  privateKey?: string;
  become?: boolean;
  becomeUser?: string;
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
  vaultPasswordFile?: string;
  askVaultPass?: boolean;
  hostKeyPolicy?: 'strict' | 'accept-new';
}

/** Splits `a=1 b="two words"` like a shell would (quotes group, backslash escapes). */
export function splitKeyValueText(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) throw new OptionsError(`-e: unbalanced quote in '${text}'`);
  if (inToken) out.push(current);
  return out;
}

function parseStructured(text: string, source: string): Vars {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new InputError(`${source}: invalid extra vars: ${(err as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${source}: extra vars must be a mapping of names to values`);
  return value as Vars;
}

/** One -e value: `@file`, JSON/YAML text, or key=value pairs (values stay strings, like Ansible). */
export function parseExtraVarsArg(arg: string, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Vars {
  const text = arg.trim();
  if (text.startsWith('@')) {
    const path = text.slice(1);
    let content: string;
    try {
      content = readFile(path);
    } catch (err) {
      throw new OptionsError(`-e @${path}: cannot read file: ${(err as Error).message}`);
    }
    return parseStructured(content, path);
  }
  if (text.startsWith('{') || text.startsWith('[')) return parseStructured(text, '-e');
  const vars: Vars = {};
  for (const token of splitKeyValueText(text)) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new OptionsError(`-e: '${token}' is not key=value, JSON, YAML or @file`);
    vars[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return vars;
}

export function parseExtraVars(args: string[], readFile?: (path: string) => string): Vars {
  return args.reduce<Vars>((acc, arg) => ({ ...acc, ...parseExtraVarsArg(arg, readFile) }), {});
}

export function parseForks(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new OptionsError(`-f/--forks: '${value}' is not a positive whole number`);
  return n;
}

/** Flags -> RunOptions; the become password (-K) is filled in by the caller after prompting. */
export function toRunOptions(playbook: string, flags: RawRunFlags): RunOptions {
  if (flags.connection && !['ssh', 'local'].includes(flags.connection)) {
    throw new OptionsError(`-c/--connection: unknown connection type '${flags.connection}' (expected ssh or local)`);
  }
  return {
    ...defaultRunOptions(playbook),
    inventories: flags.inventory,
    limit: flags.limit,
    tags: splitTagList(flags.tags),
    skipTags: splitTagList(flags.skipTags),
    check: !!flags.check,
    diff: !!flags.diff,
    extraVars: parseExtraVars(flags.extraVars),
    forks: parseForks(flags.forks),
    connection: flags.connection,
    user: flags.user,
    privateKey: flags.privateKey,
    become: flags.become,
    becomeUser: flags.becomeUser,
    hostKeyPolicy: flags.hostKeyPolicy,
    listHosts: !!flags.listHosts,
    listTasks: !!flags.listTasks,
    listTags: !!flags.listTags,
    syntaxCheck: !!flags.syntaxCheck,
    startAtTask: flags.startAtTask,
    forceHandlers: !!flags.forceHandlers,
    verbosity: flags.verbose,
    json: !!flags.json,
    vaultPasswordFile: flags.vaultPasswordFile,
  };
}
