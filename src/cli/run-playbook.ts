// `run-playbook PLAYBOOK [flags]`: ansible-playbook's command line.
import { Command } from 'commander';
import { configureRunCommand, parseAndRun } from './run-command.ts';
import { warrenVersionText } from './version.ts';

const program = configureRunCommand(
  new Command('run-playbook')
    .description('Run an Ansible-style playbook against an inventory')
    .version(warrenVersionText('run-playbook'), '--version', "show program's version number and exit"),
);
// Not a top-level await: the bundle is CommonJS (scripts/build.mjs); parseAndRun never rejects.
void parseAndRun(program, process.argv);
