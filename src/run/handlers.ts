// Handler notification: by name or listen topic; each handler runs once per notified host, in
// the order handlers are defined (not the order they were notified). Of handlers sharing a
// name, the first defined one answers to it (as in Ansible); every handler listening to a topic runs.
import type { Handler, ModuleTask, Play, TaskNode } from '../load/model.ts';
import { InputError } from '../core/errors.ts';

export class HandlerQueue {
  /** handler index -> hosts waiting for it */
  private readonly pending = new Map<number, Set<string>>();

  private readonly handlers: Handler[];
  /** handler sets added at run time (include_role), so a role included twice adds them once */
  private readonly addedSets = new Set<string>();

  constructor(handlers: readonly Handler[]) {
    this.handlers = [...handlers];
  }

  get all(): readonly Handler[] {
    return this.handlers;
  }

  /** Handlers of a role included at run time; `key` names the set so it is added once. */
  add(key: string, handlers: readonly Handler[]): void {
    if (this.addedSets.has(key)) return;
    this.addedSets.add(key);
    this.handlers.push(...handlers);
  }

  /** Indexes of the handlers a notify name reaches: the first handler of that name, and every listener. */
  resolve(name: string): number[] {
    const found: number[] = [];
    let named = false;
    this.handlers.forEach((h, i) => {
      const byName = !named && h.name === name;
      if (byName) named = true;
      if (byName || h.listen?.includes(name)) found.push(i);
    });
    return found;
  }

  notify(name: string, host: string): void {
    for (const index of this.resolve(name)) {
      let hosts = this.pending.get(index);
      if (!hosts) this.pending.set(index, (hosts = new Set()));
      hosts.add(host);
    }
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** The first pending handler in definition order with its hosts, removed from the queue. */
  takeNext(): { handler: Handler; hosts: string[] } | undefined {
    const indexes = [...this.pending.keys()].sort((a, b) => a - b);
    const index = indexes[0];
    if (index === undefined) return undefined;
    const hosts = [...this.pending.get(index)!];
    this.pending.delete(index);
    return { handler: this.handlers[index]!, hosts };
  }
}

function* walkTasks(nodes: TaskNode[]): Generator<Extract<TaskNode, { kind: 'task' }>> {
  for (const node of nodes) {
    if (node.kind === 'task') yield node;
    else if (node.kind === 'block') {
      yield* walkTasks(node.block);
      yield* walkTasks(node.rescue);
      yield* walkTasks(node.always);
    }
  }
}

/** Every task of a play, in order (pre_tasks, roles, tasks, post_tasks). */
export function playTasks(play: Play): ModuleTask[] {
  return [...walkTasks([...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks])];
}

/** A notify naming no handler fails before any host is touched (Ansible fails at run time). */
export function checkNotifications(play: Play): void {
  // a play with include_role may get its handlers at run time
  if (hasIncludeRole([...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks])) return;
  const queue = new HandlerQueue(play.handlers);
  for (const task of [...playTasks(play), ...play.handlers]) {
    if (task.kind !== 'task') continue;
    for (const name of task.notify ?? []) {
      if (name.includes('{{')) continue;
      if (queue.resolve(name).length === 0) {
        throw new InputError(`The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`, task.loc);
      }
    }
  }
}

function hasIncludeRole(nodes: TaskNode[]): boolean {
  return nodes.some((n) => (n.kind === 'include' ? n.action === 'include_role' : n.kind === 'block' && hasIncludeRole([...n.block, ...n.rescue, ...n.always])));
}
