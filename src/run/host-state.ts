// What the run knows about one host: failure state and the vars it accumulated.
import type { Vars } from '../core/vars.ts';
import { markUnsafe, noteUnsafeHolders } from '../core/unsafe.ts';

export class HostState {
  /** failed a task (not rescued, not ignored): no more tasks this playbook, like Ansible */
  failed = false;
  unreachable = false;
  /** meta: end_host / end_play / any_errors_fatal: no more tasks in this play */
  endedPlay = false;
  /** gathered facts (ansible_facts + ansible_* names) */
  facts: Vars = {};
  /** include_vars results; persist across plays, as Ansible's host variable cache */
  includeVars: Vars = {};
  /** set_fact results and registered vars; persist across plays */
  setFacts: Vars = {};
  /** defaults and vars of roles included with public: true; visible to the rest of the play */
  publicRoleDefaults?: Vars;
  publicRoleVars?: Vars;

  constructor(readonly name: string) {}

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.endedPlay;
  }
}

export class HostStates {
  private readonly states = new Map<string, HostState>();

  get(host: string): HostState {
    let s = this.states.get(host);
    if (!s) this.states.set(host, (s = new HostState(host)));
    return s;
  }

  active(hosts: readonly string[]): string[] {
    return hosts.filter((h) => this.get(h).active);
  }
}

/** Each fact marked unsafe (core/unsafe.ts), as Ansible wraps a module's result. */
export function unsafeFacts(facts: Vars): Vars {
  const out: Vars = {};
  for (const [key, value] of Object.entries(facts)) out[key] = markUnsafe(value);
  return out;
}

/** Gathered facts (setup, unprefixed names) as Ansible exposes them: under ansible_facts and as ansible_<name>. */
export function factsLayer(facts: Vars, previous: Vars = {}): Vars {
  const merged = { ...((previous.ansible_facts as Vars | undefined) ?? {}), ...facts };
  noteUnsafeHolders(merged);
  const layer: Vars = { ...previous, ansible_facts: merged };
  for (const [key, value] of Object.entries(facts)) {
    layer[key.startsWith('ansible_') ? key : `ansible_${key}`] = value;
  }
  return layer;
}

/**
 * Facts a module returns (e.g. `ansible_facts: {rabbitmq_cluster: ...}`) as Ansible injects them:
 * as top-level variables under the name the module gave, and under ansible_facts without the
 * `ansible_` prefix.
 */
export function moduleFactsLayer(facts: Vars, previous: Vars = {}): Vars {
  const namespaced: Vars = {};
  for (const [key, value] of Object.entries(facts)) namespaced[key.startsWith('ansible_') ? key.slice('ansible_'.length) : key] = value;
  const merged = { ...((previous.ansible_facts as Vars | undefined) ?? {}), ...namespaced };
  noteUnsafeHolders(merged);
  return { ...previous, ...facts, ansible_facts: merged };
}
