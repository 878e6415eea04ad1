// Runs an ad-hoc command through the playbook engine: flags -> RunOptions + a one-task play.
import { ExitCode, WarrenError } from '../core/errors.ts';
import { defaultRunOptions, type RunOptions } from '../run/options.ts';
import type { Playbook } from '../load/model.ts';
import type { Reporter } from '../report/events.ts';
import type { AdhocFlags } from './adhoc-flags.ts';
import { buildAdhocPlaybook, TEXT_OUTPUT_MODULES } from './adhoc-play.ts';
import { parseExtraVars, parseForks } from './options.ts';
import { promptPassword } from './run-command.ts';

function toOptions(pattern: string, flags: AdhocFlags): { options: RunOptions; playbook?: Playbook } {
  if (flags.connection && !['ssh', 'local'].includes(flags.connection)) {
    throw new WarrenError(`-c/--connection: unknown connection type '${flags.connection}' (expected ssh or local)`, ExitCode.badOptions);
  }
  // --list-hosts needs no module arguments (as in Ansible).
  const playbook = flags.listHosts ? undefined : buildAdhocPlaybook({ pattern, module: flags.moduleName, args: flags.args, playbookDir: flags.playbookDir });
  const options: RunOptions = {
    ...defaultRunOptions(playbook?.path ?? '(ad-hoc)'),
    inventories: flags.inventory,
    limit: flags.limit,
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
    verbosity: flags.verbose,
    vaultPasswordFile: flags.vaultPasswordFile,
  };
  return { options, playbook };
}

/** `--list-hosts`: Ansible's `  hosts (N):` block, without contacting a host. */
async function listHosts(pattern: string, options: RunOptions, vaultPassword: string | undefined): Promise<number> {
  const [{ loadInventory }, { selectHosts }, { SecretRegistry, createVaultDecryptor }] = await Promise.all([
    import('../inventory/load.ts'),
    import('../inventory/pattern.ts'),
    import('../vault/index.ts'),
  ]);
  try {
    const inventory = await loadInventory(options.inventories, {
      secrets: new SecretRegistry(),
      vault: vaultPassword ? createVaultDecryptor(vaultPassword) : undefined,
    });
    const limited = options.limit ? new Set(selectHosts(inventory, options.limit)) : undefined;
    const hosts = selectHosts(inventory, pattern).filter((h) => !limited || limited.has(h));
    process.stdout.write(`  hosts (${hosts.length}):\n${hosts.map((h) => `    ${h}\n`).join('')}`);
    return ExitCode.ok;
  } catch (err) {
    process.stderr.write(`ERROR! ${(err as Error).message}\n`);
    return err instanceof WarrenError ? err.exitCode : ExitCode.error;
  }
}

export async function adhocCommand(pattern: string, flags: AdhocFlags): Promise<number> {
  let prepared;
  try {
    prepared = toOptions(pattern, flags);
  } catch (err) {
    process.stderr.write(`ERROR! ${(err as Error).message}\n`);
    return err instanceof WarrenError ? err.exitCode : ExitCode.badOptions;
  }
  const { options, playbook } = prepared;
  const { createVaultDecryptor, resolveVaultPassword, runPlaybook } = await import('./run-engine.ts');
  const { AdhocReporter } = await import('../report/adhoc.ts');
  if (flags.askBecomePass) options.becomePassword = await promptPassword('BECOME password: ');
  const vaultPassword = await resolveVaultPassword({ passwordFile: options.vaultPasswordFile, prompt: flags.askVaultPass });
  if (!playbook) return listHosts(pattern, options, vaultPassword);
  const module = playbook.plays[0]!.tasks[0]!;
  const stdout: Reporter = new AdhocReporter({
    textModule: module.kind === 'task' && TEXT_OUTPUT_MODULES.includes(module.module),
    debugModule: module.kind === 'task' && module.module === 'debug',
    oneLine: !!flags.oneLine,
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
    verbosity: flags.verbose,
    treeDir: flags.tree,
  });
  const { withReport } = await import('./report-option.ts');
  const reporter = await withReport(stdout, flags.report, { command: ['warren', 'adhoc', ...process.argv.slice(3)], options });
  return runPlaybook(options, reporter, { vault: vaultPassword ? createVaultDecryptor(vaultPassword) : undefined, playbook });
}
