// One play: hosts, serial batches, fact gathering, sections and handler flush points.
import type { Play } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import { connectionShell, gatherFacts, pythonInterpreter } from '../facts/gather.ts';
import { UnreachableError } from '../core/errors.ts';
import { selectHosts } from '../inventory/pattern.ts';
import { serialBatches } from './batches.ts';
import { HandlerQueue } from './handlers.ts';
import { factsLayer, unsafeFacts } from './host-state.ts';
import { rootInherited } from './inherit.ts';
import { mapWithLimit } from './limiter.ts';
import { flushHandlers, runNodes } from './linear.ts';
import type { PlayContext, RunContext } from './run-context.ts';
import { resolvedMaxFail, resolvedSerial, remoteUserFor, shownPlayName } from './templated-keywords.ts';
import { invalidateHostVars, varsForTask } from './vars-for-task.ts';
import { isTrue } from '../template/expression.ts';
import { connectionUntil } from './task-timeout.ts';
import { promptedVars } from './vars-prompt.ts';

/** Hosts a play targets: its pattern, narrowed by --limit, without hosts that already failed. */
export function playHosts(rc: RunContext, play: Play): string[] {
  const matched = selectHosts(rc.inventory, play.hosts);
  const limited = rc.options.limit ? new Set(selectHosts(rc.inventory, rc.options.limit)) : undefined;
  return matched.filter((h) => !limited || limited.has(h));
}

async function gatherAll(pc: PlayContext, hosts: string[]): Promise<void> {
  const { run } = pc;
  run.emit({ type: 'task_start', name: 'Gathering Facts', handler: false, loc: pc.play.loc, hosts });
  await mapWithLimit(hosts, run.options.forks, async (host) => {
    const started = Date.now();
    const state = run.hosts.get(host);
    try {
      const conn = await run.connections.get(host, remoteUserFor(pc, host));
      const shell = connectionShell(pc.play.gather_timeout ? connectionUntil(conn, Date.now() + pc.play.gather_timeout * 1000) : conn);
      const facts = await gatherFacts(shell, hostPython(pc, host));
      state.facts = factsLayer(unsafeFacts(facts), state.facts);
      invalidateHostVars(pc, host);
      run.stats.increment(host, 'ok');
      run.emit({ type: 'host_result', host, task: 'Gathering Facts', status: 'ok', result: { changed: false }, durationMs: Date.now() - started });
    } catch (err) {
      const unreachable = err instanceof UnreachableError;
      const msg = (err as Error).message;
      if (unreachable) state.unreachable = true;
      else state.failed = true;
      run.stats.increment(host, unreachable ? 'unreachable' : 'failed');
      run.emit({
        type: 'host_result',
        host,
        task: 'Gathering Facts',
        status: unreachable ? 'unreachable' : 'failed',
        result: { changed: false, ...(unreachable ? { unreachable: true } : { failed: true }), msg },
        durationMs: Date.now() - started,
      });
    }
  });
}

/** The host's ansible_python_interpreter when it names a path (not Ansible's 'auto' discovery modes). */
function hostPython(pc: PlayContext, host: string): string | undefined {
  try {
    return pythonInterpreter(varsForTask(pc, host, rootInherited(pc.play), undefined).ansible_python_interpreter);
  } catch {
    return undefined; // a var that cannot be rendered yet is no reason to fail gathering
  }
}

/**
 * An import_playbook `when` also guards fact gathering (as Ansible's included conditional does).
 * A condition that needs facts cannot be judged yet: gather, and let the tasks judge it.
 */
function importConditionHolds(pc: PlayContext, host: string, when: string[]): boolean {
  if (!when.length) return true;
  try {
    const vars = varsForTask(pc, host, rootInherited(pc.play), undefined);
    return when.every((e) => isTrue(e, vars, pc.play.loc));
  } catch {
    return true;
  }
}

/** gather_facts, else ansible.cfg's gathering: implicit (all), explicit (none), smart (hosts not gathered yet). */
function hostsToGather(pc: PlayContext, ready: string[]): string[] {
  const { play, run } = pc;
  if (play.gather_facts_given || run.options.gathering === undefined || run.options.gathering === 'implicit') return play.gather_facts ? ready : [];
  if (run.options.gathering === 'explicit') return [];
  return ready.filter((h) => run.hosts.get(h).facts.ansible_facts === undefined);
}

async function runBatch(pc: PlayContext): Promise<void> {
  const { play, run } = pc;
  for (const h of pc.batch) run.hosts.get(h).endedPlay = false;
  const root = rootInherited(play);
  if (!play.any_errors_fatal_given && run.options.anyErrorsFatal) root.any_errors_fatal = true;
  const ready = run.hosts.active(pc.batch).filter((h) => importConditionHolds(pc, h, root.when));
  const toGather = hostsToGather(pc, ready);
  if (toGather.length) await gatherAll(pc, toGather);
  const sections = [play.pre_tasks, [...play.roles, ...play.tasks], play.post_tasks];
  for (const nodes of sections) {
    if (pc.ended || run.interrupted.value) break;
    if (play.strategy === 'linear') await runNodes(pc, nodes, root, pc.batch);
    // free / host_pinned: each host goes through the section at its own pace (up to forks at once)
    else await mapWithLimit(run.hosts.active(pc.batch), run.options.forks, (h) => runNodes(pc, nodes, root, [h]));
    await flushHandlers(pc);
  }
  for (const h of pc.batch) run.hosts.get(h).endedPlay = false;
}

/** Runs one play; false when the run must stop (a fatal failure, or a batch where every host failed). */
/** The play's `order:` applied to its hosts (inventory order by default). */
function ordered(hosts: string[], order: string | undefined): string[] {
  switch (order) {
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort();
    case 'reverse_sorted':
      return [...hosts].sort().reverse();
    case 'shuffle':
      return [...hosts]
        .map((h) => ({ h, k: Math.random() }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.h);
    default:
      return hosts;
  }
}

export async function runPlay(rc: RunContext, loaded: Play, varsFilesVars: Vars): Promise<boolean> {
  const prompted = loaded.vars_prompt.length ? await promptedVars(rc, loaded) : {};
  const play = Object.keys(prompted).length ? { ...loaded, vars: { ...loaded.vars, ...prompted } } : loaded;
  const all = ordered(playHosts(rc, play), play.order);
  for (const h of all) {
    const state = rc.hosts.get(h);
    state.publicRoleDefaults = undefined;
    state.publicRoleVars = undefined;
  }
  const hosts = all.filter((h) => !rc.hosts.get(h).failed && !rc.hosts.get(h).unreachable);
  const shownName = shownPlayName(rc, play, varsFilesVars);
  rc.emit({ type: 'play_start', name: shownName, hosts });
  if (all.length === 0) {
    rc.emit({ type: 'play_skipped', name: shownName, reason: 'no hosts matched' });
    return true;
  }
  const maxFailPercentage = resolvedMaxFail(rc, play, varsFilesVars);
  const playStop = { ended: false, fatal: false };
  for (const batch of serialBatches(hosts, resolvedSerial(rc, play, varsFilesVars))) {
    if (rc.interrupted.value) return false;
    if (playStop.ended) return !playStop.fatal;
    const pc: PlayContext = {
      run: rc,
      play,
      playHosts: hosts,
      batch,
      varsFilesVars,
      handlers: new HandlerQueue(play.handlers),
      baseVarsCache: new Map(),
      ended: false,
      playStop,
      ...(maxFailPercentage !== undefined ? { maxFailPercentage } : {}),
    };
    await runBatch(pc);
    if (playStop.fatal) return false;
    // Like ansible-playbook: when every host of a batch failed, the run stops here.
    if (batch.every((h) => rc.hosts.get(h).failed || rc.hosts.get(h).unreachable)) {
      rc.emit({ type: 'warning', message: 'NO MORE HOSTS LEFT' });
      return false;
    }
  }
  return true;
}
