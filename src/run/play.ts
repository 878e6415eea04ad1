// One play: hosts, serial batches, fact gathering, sections and handler flush points.
import type { Play, Vars } from '../load/model.ts';
import { gatherFacts } from '../facts/gather.ts';
import { UnreachableError } from '../errors.ts';
import { selectHosts } from '../inventory/pattern.ts';
import { serialBatches } from './batches.ts';
import { HandlerQueue } from './handlers.ts';
import { factsLayer } from './host-state.ts';
import { rootInherited } from './inherit.ts';
import { mapWithLimit } from './limiter.ts';
import { flushHandlers, runNodes } from './linear.ts';
import type { PlayContext, RunContext } from './run-context.ts';
import { invalidateHostVars } from './vars-for-task.ts';

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
      const facts = await gatherFacts(await run.connections.get(host));
      state.facts = factsLayer(facts, state.facts);
      invalidateHostVars(pc, host);
      run.stats.increment(host, 'ok');
      run.emit({ type: 'host_result', host, task: 'Gathering Facts', status: 'ok', result: { changed: false }, durationMs: Date.now() - started });
    } catch (err) {
      const unreachable = err instanceof UnreachableError;
      const msg = (err as Error).message;
      if (unreachable) state.unreachable = true;
      else state.failed = true;
      run.stats.increment(host, unreachable ? 'unreachable' : 'failed');
      run.emit({ type: 'host_result', host, task: 'Gathering Facts', status: unreachable ? 'unreachable' : 'failed', result: { changed: false, ...(unreachable ? { unreachable: true } : { failed: true }), msg }, durationMs: Date.now() - started });
    }
  });
}

async function runBatch(pc: PlayContext): Promise<void> {
  const { play, run } = pc;
  for (const h of pc.batch) run.hosts.get(h).endedPlay = false;
  const ready = run.hosts.active(pc.batch);
  if (play.gather_facts && ready.length) await gatherAll(pc, ready);
  const root = rootInherited(play);
  const sections = [play.pre_tasks, [...play.roles, ...play.tasks], play.post_tasks];
  for (const nodes of sections) {
    if (pc.ended || run.interrupted.value) break;
    await runNodes(pc, nodes, root, pc.batch);
    await flushHandlers(pc);
  }
  for (const h of pc.batch) run.hosts.get(h).endedPlay = false;
}

export async function runPlay(rc: RunContext, play: Play, varsFilesVars: Vars): Promise<void> {
  const all = playHosts(rc, play);
  const hosts = all.filter((h) => !rc.hosts.get(h).failed && !rc.hosts.get(h).unreachable);
  rc.emit({ type: 'play_start', name: play.name, hosts });
  if (all.length === 0) {
    rc.emit({ type: 'play_skipped', name: play.name, reason: 'no hosts matched' });
    return;
  }
  for (const batch of serialBatches(hosts, play.serial)) {
    if (rc.interrupted.value) return;
    const pc: PlayContext = {
      run: rc,
      play,
      playHosts: hosts,
      batch,
      varsFilesVars,
      handlers: new HandlerQueue(play.handlers),
      baseVarsCache: new Map(),
      ended: false,
    };
    await runBatch(pc);
    // Like Ansible: when every host of a batch failed, the remaining batches do not start.
    if (batch.every((h) => rc.hosts.get(h).failed || rc.hosts.get(h).unreachable)) {
      rc.emit({ type: 'warning', message: 'NO MORE HOSTS LEFT' });
      return;
    }
  }
}
