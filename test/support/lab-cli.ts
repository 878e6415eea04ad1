// Runs `warren lab ...` alone (before the lead wires it into src/cli/warren.ts): npx tsx test/support/lab-cli.ts lab up
import { Command } from 'commander';
import { registerLabCommand } from '../../src/cli/lab.ts';

const program = new Command('warren');
registerLabCommand(program);
await program.parseAsync(process.argv);
