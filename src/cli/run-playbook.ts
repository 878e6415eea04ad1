// `run-playbook PLAYBOOK [flags]`: ansible-playbook's command line.
import { Command } from 'commander';
import { configureRunCommand, parseAndRun } from './run-command.ts';

const program = configureRunCommand(new Command('run-playbook').description('Run an Ansible-style playbook against an inventory'));
await parseAndRun(program, process.argv);
