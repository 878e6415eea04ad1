// `warren doc MODULE...`, `warren doc --list`, `warren doc --json [MODULE...]`: ansible-doc for
// warren's modules, generated from the registry's argument schemas.
import type { Command } from 'commander';
import type { DocFlags } from './doc-flags.ts';

export function registerDocCommand(program: Command): void {
  program
    .command('doc')
    .description('module documentation (arguments, types, defaults, choices, check/diff support, examples)')
    .argument('[module...]', 'module names (ansible.builtin. prefixes accepted)')
    .option('-l, --list', 'list every module with its summary')
    .option('-j, --json', 'machine-readable documentation of the named modules (all when none is named)')
    .option('-s, --snippet', 'print a task skeleton for the module')
    .action(async (modules: string[], flags: DocFlags) => {
      const { docCommand } = await import('./doc-action.ts');
      process.exitCode = docCommand(modules, flags);
    });
}
