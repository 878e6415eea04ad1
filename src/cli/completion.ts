// `warren completion bash|zsh`: a completion script built from the command tree itself, so it
// knows every command, alias and flag; module names complete after -m and `warren doc`.
import type { Command } from 'commander';

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: eval "$(warren completion bash)" or put it in your fpath for zsh')
    .argument('<shell>', 'bash or zsh')
    .action(async (shell: string) => {
      const { completionScript } = await import('./completion-script.ts');
      if (shell !== 'bash' && shell !== 'zsh') {
        process.stderr.write(`ERROR! completion: unknown shell '${shell}' (expected bash or zsh)\n`);
        process.exitCode = 5;
        return;
      }
      process.stdout.write(completionScript(program, shell));
    });
}
