// `warren report DIR...`: lists the runs written by --report; `--compare A B` compares two.
import type { Command } from 'commander';
import type { ReportFlags } from './report-flags.ts';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('list runs written by --report DIR, or compare two of them (--compare OLD NEW)')
    .argument('<dir...>', 'run directories (holding run.json), or directories of them')
    .option('--compare', 'compare two runs: tasks whose outcome changed, tasks that got slower')
    .option('--json', 'print the listing or comparison as JSON')
    .action(async (dirs: string[], flags: ReportFlags) => {
      const { reportCommand } = await import('./report-action.ts');
      process.exitCode = await reportCommand(dirs, flags);
    });
}
