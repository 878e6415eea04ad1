// Ansible's magic variables for one host. `hostvars` is a Proxy that builds another host's vars
// only when a template or condition reads it, so 50 hosts do not cost 50x50 merges per task.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ansibleVersionVar } from '../core/ansible-version.ts';
import type { Vars } from '../core/vars.ts';

/** Marker for `{{ omit }}`: the runner drops any module argument equal to it. */
// A marker, not a secret: it only has to differ from any string a user writes (Ansible: sha1 of
// urandom). Math.random, not node:crypto, which would load ~15 built-in modules at every start.
export const OMIT = `__omit_place_holder__${Array.from({ length: 40 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;

export interface MagicVarsInput {
  inventoryHostname: string;
  groups: Record<string, string[]>;
  groupNames: string[];
  playHosts: string[];
  check: boolean;
  diff: boolean;
  playbookDir: string;
  hostvars: (host: string) => Vars | undefined;
  allHosts: string[];
  roleName?: string;
  rolePath?: string;
  /** the run's -v count (ansible_verbosity) */
  verbosity?: number;
  /** --tags / --skip-tags (ansible_run_tags, ansible_skip_tags) */
  runTags?: string[];
  skipTags?: string[];
}

/** A read-only view host -> vars; `in`, Object.keys, JSON.stringify and for..in all work. */
export function createHostvars(allHosts: string[], lookup: (host: string) => Vars | undefined): Record<string, Vars> {
  const known = new Set(allHosts);
  const read = (host: string): Vars => lookup(host) ?? {};
  return new Proxy({} as Record<string, Vars>, {
    get: (_target, key) => (typeof key === 'string' && known.has(key) ? read(key) : undefined),
    has: (_target, key) => typeof key === 'string' && known.has(key),
    ownKeys: () => [...known],
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === 'string' && known.has(key) ? { value: read(key), enumerable: true, configurable: true, writable: false } : undefined,
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

let controllerPython: string | undefined;

/** ansible_playbook_python: warren runs no Python, so the controller's first python3 on PATH
 * (what content uses it for: an interpreter for local tasks), else /usr/bin/python3. */
export function playbookPython(): string {
  if (controllerPython !== undefined) return controllerPython;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, 'python3'), constants.X_OK);
      return (controllerPython = join(dir, 'python3'));
    } catch {
      // not here
    }
  }
  return (controllerPython = '/usr/bin/python3');
}

export function magicVars(input: MagicVarsInput): Vars {
  const vars: Vars = {
    inventory_hostname: input.inventoryHostname,
    inventory_hostname_short: input.inventoryHostname.split('.')[0],
    groups: input.groups,
    group_names: input.groupNames.filter((name) => name !== 'all').sort(),
    hostvars: createHostvars(input.allHosts, input.hostvars),
    play_hosts: input.playHosts,
    ansible_play_hosts: input.playHosts,
    ansible_play_batch: input.playHosts,
    ansible_check_mode: input.check,
    ansible_diff_mode: input.diff,
    playbook_dir: input.playbookDir,
    ansible_playbook_python: playbookPython(),
    ansible_verbosity: input.verbosity ?? 0,
    ansible_version: ansibleVersionVar(),
    ansible_run_tags: input.runTags?.length ? input.runTags : ['all'],
    ansible_skip_tags: input.skipTags ?? [],
    omit: OMIT,
  };
  if (input.roleName !== undefined) vars.role_name = input.roleName;
  if (input.rolePath !== undefined) vars.role_path = input.rolePath;
  // Ansible's task search path; warren does not keep the role dependency chain, so a role task
  // gets its own role's dirs only.
  vars.ansible_search_path = input.rolePath !== undefined ? [input.rolePath, join(input.rolePath, 'tasks'), input.playbookDir] : [input.playbookDir];
  return vars;
}
