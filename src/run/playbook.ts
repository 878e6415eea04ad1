// Entry point of a run: load and validate everything, then run the plays and report the recap.
import type { Reporter } from '../report/events.ts';
import { EventBus } from '../report/bus.ts';
import { SecretRegistry } from '../vault/secret-registry.ts';
import type { VaultDecryptor } from '../vault/decryptor.ts';
import { createTemplateEngine } from '../template/engine.ts';
import { templateMaxBytes } from '../template/size-limit.ts';
import { groupsMap } from '../inventory/vars.ts';
import { selectHosts } from '../inventory/pattern.ts';
import { mergeVars } from '../vars/precedence.ts';
import { ExitCode, WarrenError } from '../core/errors.ts';
import { ConnectionPool } from './connections.ts';
import { HostStates } from './host-state.ts';
import { formatListing } from './listing.ts';
import type { RunOptions } from './options.ts';
import { playHosts, runPlay } from './play.ts';
import { type PreparedRun, prepareRun } from './prepare.ts';
import { EarlyConnects } from './early-connect.ts';
import { readFilesSynchronously } from '../core/read-mode.ts';
import { loadExtraVars } from '../load/extra-vars.ts';
import type { RunContext } from './run-context.ts';
import type { Playbook } from '../load/model.ts';
import { exitCodeFor, RunStats } from './stats.ts';
import { TemplateScan } from './lazy-vars.ts';
import { RunProbeCache } from './probe-cache.ts';
import { AsyncJobs } from './async-jobs.ts';
import { PluginDirs } from '../load/plugin-dirs.ts';
import { includeLoader } from '../load/include-loader.ts';

export interface RunDependencies {
  /** decrypts vaulted files and values (from --vault-password-file) */
  vault?: VaultDecryptor;
  secrets?: SecretRegistry;
  /** a playbook built in memory (ad-hoc's one-task play) instead of loading options.playbook */
  playbook?: Playbook;
}

export async function runPlaybook(options: RunOptions, reporter: Reporter, deps: RunDependencies = {}): Promise<number> {
  const started = Date.now();
  const secrets = deps.secrets ?? new SecretRegistry();
  const bus = new EventBus(secrets, [reporter]);
  const engine = createTemplateEngine({ maxFileBytes: templateMaxBytes(options.templateMaxMib) });
  const tags = { only: options.tags, skip: options.skipTags };
  let exitCode: number = ExitCode.ok;
  let pool: ConnectionPool | undefined;
  const interrupted = { value: false };
  // First Ctrl-C: no new task starts, running commands (local and remote) get SIGTERM with their
  // process groups, uploads finish (so no install is cut in half), then the recap. Second: SIGKILL,
  // then every connection is closed.
  const onSigint = () => {
    if (!interrupted.value) {
      interrupted.value = true;
      bus.handle({ type: 'error', message: 'User interrupted execution: no new task starts; running commands get SIGTERM (Ctrl-C again kills them)' });
      void pool?.interruptAll('SIGTERM');
      return;
    }
    bus.handle({ type: 'error', message: 'User interrupted execution again: stopping running tasks' });
    void pool?.interruptAll('SIGKILL').finally(() => pool?.closeAll());
  };
  process.on('SIGINT', onSigint);
  try {
    if (options.extraVarsArgs) options = { ...options, extraVars: await loadExtraVars(options.extraVarsArgs, { secrets, vault: deps.vault }) };
    const loadOptions = { secrets, vault: deps.vault, extraVars: options.extraVars, rolesPath: options.rolesPath, plugins: new PluginDirs(options.library) };
    // The pool exists before the load so hosts can connect while roles and includes load; the
    // vars it connects with (inventory + extra vars, no play vars) are the same either way.
    let inventoryVarsOf: PreparedRun['inventoryVarsOf'] | undefined;
    const connections = new ConnectionPool(options, (host) => mergeVars({ ...inventoryVarsOf!(host), extraVars: options.extraVars }));
    pool = connections;
    const listing = { hosts: options.listHosts, tasks: options.listTasks, tags: options.listTags };
    const runsTasks = !(options.syntaxCheck || listing.hosts || listing.tasks || listing.tags);
    const early = runsTasks ? new EarlyConnects(connections, options.forks, options.limit) : undefined;
    readFilesSynchronously(!runsTasks); // nothing to overlap with: the faster reads (core/read-mode.ts)
    const prepared = await prepareRun(
      options,
      loadOptions,
      engine,
      deps.playbook,
      early &&
        ((known) => {
          inventoryVarsOf ??= known.inventoryVarsOf;
          early.add(known.inventory, known.plays);
        }),
    );
    inventoryVarsOf = prepared.inventoryVarsOf;
    const { playbook, inventory } = prepared;
    const stats = new RunStats();
    const rc: RunContext = {
      options,
      playbook,
      inventory,
      secrets,
      engine,
      vault: deps.vault,
      stats,
      tags,
      interrupted,
      emit: (event) => bus.handle(event),
      hosts: new HostStates(),
      connections,
      startAt: { pattern: options.startAtTask },
      groups: groupsMap(inventory),
      inventoryVarsOf: prepared.inventoryVarsOf,
      templateScan: new TemplateScan(),
      jobs: new AsyncJobs(),
      probeCache: new RunProbeCache(),
      includes: includeLoader(loadOptions),
      refreshInventory: async () => {
        rc.inventory = await prepared.reloadInventory();
        rc.groups = groupsMap(rc.inventory);
      },
      inventoryChanged: () => {
        prepared.forgetInventoryVars();
        rc.groups = groupsMap(rc.inventory);
      },
      customStats: new Map(),
    };
    if (options.limit && selectHosts(inventory, options.limit).length === 0) {
      rc.emit({ type: 'warning', message: `Could not match supplied host pattern, ignoring: ${options.limit}` });
      // As ansible-playbook: a --limit that leaves no host is an error (exit 1), not an empty run.
      if (!options.syntaxCheck) throw new WarrenError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
    }
    if (!runsTasks) {
      const text =
        listing.hosts || listing.tasks || listing.tags
          ? formatListing(options.playbook, playbook.plays, (play) => playHosts(rc, play), tags, listing)
          : `\nplaybook: ${options.playbook}\n`;
      rc.emit({ type: 'listing', text });
      return ExitCode.ok;
    }
    rc.emit({ type: 'playbook_start', file: playbook.path, check: options.check, diff: options.diff });
    for (const play of playbook.plays) {
      if (interrupted.value) break;
      if (!(await runPlay(rc, play, prepared.varsFiles.get(play) ?? {}))) break;
    }
    const recap = stats.toRecord();
    rc.emit({ type: 'recap', stats: recap });
    exitCode = interrupted.value ? ExitCode.interrupted : exitCodeFor(recap, stats.forgiven);
    return exitCode;
  } catch (err) {
    exitCode = err instanceof WarrenError ? err.exitCode : ExitCode.error;
    const message = err instanceof WarrenError ? err.message : `unexpected error: ${(err as Error).stack ?? String(err)}`;
    bus.handle({ type: 'error', message });
    return exitCode;
  } finally {
    readFilesSynchronously(false);
    process.removeListener('SIGINT', onSigint);
    await pool?.closeAll();
    bus.handle({ type: 'playbook_end', exitCode, durationMs: Date.now() - started });
    await bus.close();
  }
}
