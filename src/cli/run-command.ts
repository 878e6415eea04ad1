// The run action shared by `run-playbook` and `warren run`: flags -> RunOptions -> runPlaybook.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { type Command, CommanderError } from 'commander';
import { ExitCode, WarrenError } from '../core/errors.ts';
import { resolveVaultSecrets } from '../vault/vault-ids.ts';
import { ansibleConfig, configVaultSources, reportConfig } from './config.ts';
import { addRunOptions, toRunOptions, type RawRunFlags } from './options.ts';
import { withdrawSecretEnv } from '../vault/password.ts';

/** Reads a password from the terminal without echo (or the first stdin line when piped). */
export async function promptPassword(prompt: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: !!process.stdin.isTTY });
  try {
    const line = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
    process.stderr.write('\n');
    return line;
  } finally {
    rl.close();
  }
}

export async function runWithFlags(playbook: string, flags: RawRunFlags): Promise<number> {
  let options;
  let secrets;
  try {
    const cfg = ansibleConfig();
    reportConfig(cfg, flags.verbose);
    options = toRunOptions(playbook, flags, cfg.settings);
    if (flags.askBecomePass || cfg.settings.become_ask_pass) options.becomePassword = await promptPassword('BECOME password: ');
    secrets = await resolveVaultSecrets({
      ...configVaultSources(cfg),
      vaultIds: flags.vaultId,
      passwordFiles: flags.vaultPasswordFile,
      prompt: flags.askVaultPass || cfg.settings.ask_vault_pass,
      onWarning: (message) => process.stderr.write(`[WARNING]: ${message}\n`),
    });
  } catch (err) {
    process.stderr.write(`ERROR! ${(err as Error).message}\n`);
    return err instanceof WarrenError ? err.exitCode : ExitCode.badOptions;
  }
  const { createReporter, createVaultDecryptor, runPlaybook } = await import('./run-engine.ts');
  const { withReport } = await import('./report-option.ts');
  const reporter = await withReport(createReporter(options), flags.report, { command: ['run-playbook', ...process.argv.slice(2)], options });
  return runPlaybook(options, reporter, { vault: secrets.length ? createVaultDecryptor(secrets) : undefined });
}

/** Configures a command so usage errors exit 5 with a clear message and --help exits 0. */
export function exitFiveOnBadOptions(cmd: Command): Command {
  return cmd.exitOverride().configureOutput({
    outputError: (text, write) => write(text.startsWith('error:') ? `ERROR! ${text.slice(7)}` : text),
  });
}

/** Runs a commander program, mapping usage errors to exit code 5. */
export async function parseAndRun(program: Command, argv: string[]): Promise<void> {
  withdrawSecretEnv(); // before any child process can start
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      process.exitCode = benign ? ExitCode.ok : ExitCode.badOptions;
      return;
    }
    process.stderr.write(`ERROR! ${(err as Error).message}\n`);
    process.exitCode = err instanceof WarrenError ? err.exitCode : ExitCode.error;
  }
}

/** `PLAYBOOK` plus every run flag, running the playbook when invoked. */
export function configureRunCommand(cmd: Command): Command {
  return exitFiveOnBadOptions(addRunOptions(cmd.argument('<playbook>', 'playbook file to run')))
    .showHelpAfterError('(run with --help for the list of options)')
    .action(async (playbook: string, flags: RawRunFlags) => {
      process.exitCode = await runWithFlags(playbook, flags);
    });
}

export function registerRunCommand(program: Command): void {
  configureRunCommand(program.command('run').description('run a playbook (same flags as ansible-playbook)'));
}
