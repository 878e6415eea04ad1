// `warren adhoc PATTERN [-m MODULE] [-a ARGS]` (alias `warren x`): the ad-hoc mode of `ansible`.
// The action (adhoc-action.ts) and the engine are loaded only when a command really runs.
import { type Command, Option } from 'commander';
import type { AdhocFlags } from './adhoc-flags.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const countUp = (_: string, previous = 0) => previous + 1;

export function registerAdhocCommand(program: Command): void {
  program
    .command('adhoc')
    .alias('x')
    .description('run one module on the hosts matching PATTERN (the ad-hoc mode of ansible)')
    .argument('<pattern>', "host pattern: all, a group, 'web:!db', 'h1,h2', '~regex'")
    .option('-m, --module-name <name>', 'module to execute', 'command')
    .option('-a, --args <args>', "the module's arguments: key=value pairs, free-form text, or a JSON/YAML mapping")
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect, [])
    .option('-l, --limit <pattern>', 'further limit selected hosts to a pattern')
    .option('-f, --forks <n>', 'number of parallel hosts', '50')
    .option('-b, --become', 'run operations with become (sudo)')
    .option('--become-user <user>', 'run operations as this user (default root)')
    .option('-K, --ask-become-pass', 'ask for the privilege escalation password')
    .option('-u, --user <user>', 'connect as this user')
    .option('-c, --connection <type>', 'connection type to use (ssh, local)')
    .option('--private-key <file>', 'use this file to authenticate the connection')
    .option('-C, --check', "don't make any changes; predict some of the changes that may occur")
    .option('-D, --diff', 'show the differences in files and templates')
    .option('-e, --extra-vars <vars>', 'set additional variables as key=value, JSON/YAML, or @file (repeatable)', collect, [])
    .option('-o, --one-line', 'condense output')
    .option('-t, --tree <dir>', 'log output to this directory, one JSON file per host')
    .option('--list-hosts', 'outputs a list of matching hosts; does not execute anything else')
    .option('--playbook-dir <dir>', 'read group_vars/ and host_vars/ beside this directory as beside a playbook')
    .addOption(new Option('-v, --verbose', 'more output (-vvv for more)').argParser(countUp).default(0))
    .option('--report <dir>', 'write an HTML report (report.html) and the JSON record (run.json) of the run into DIR')
    .option('--vault-password-file <file>', 'vault password file (or WARREN_VAULT_PASSWORD / WARREN_VAULT_PASSWORD_FILE)')
    .option('-J, --ask-vault-pass', 'ask for the vault password')
    .addOption(new Option('--host-key-policy <policy>', 'unknown SSH host keys: strict or accept-new').choices(['strict', 'accept-new']))
    .action(async (pattern: string, flags: AdhocFlags) => {
      const { adhocCommand } = await import('./adhoc-action.ts');
      process.exitCode = await adhocCommand(pattern, flags);
    });
}
