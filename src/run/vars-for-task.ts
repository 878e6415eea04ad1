// Layered vars per host and task. The parts that do not change per task (inventory, play vars,
// vars files, facts, set_fact) are merged once per host and cached until they change; the
// result is wrapped so templated values render lazily, as in Ansible.
import type { Vars } from '../core/vars.ts';
import { mergeVars } from '../vars/precedence.ts';
import { magicVars } from '../vars/magic.ts';
import { groupNamesOf } from '../inventory/vars.ts';
import type { Inherited } from './inherit.ts';
import type { PlayContext } from './run-context.ts';
import { lazyVars } from './lazy-vars.ts';

function magicFor(pc: PlayContext, host: string, inh?: Inherited): Vars {
  const { run } = pc;
  return magicVars({
    inventoryHostname: host,
    groups: run.groups,
    groupNames: groupNamesOf(run.inventory, host),
    playHosts: pc.batch.filter((h) => !run.hosts.get(h).unreachable && !run.hosts.get(h).failed),
    check: run.options.check,
    diff: run.options.diff,
    playbookDir: run.playbook.dir,
    hostvars: (other: string) => (run.inventory.hosts.has(other) ? hostvarsOf(pc, other) : undefined),
    allHosts: [...run.inventory.hosts.keys()],
    roleName: inh?.role?.name,
    rolePath: inh?.role?.path,
    verbosity: run.options.verbosity,
    runTags: run.options.tags,
    skipTags: run.options.skipTags,
  });
}

/**
 * The host's merged vars without task context, not yet templated (cached). `play` false: the
 * view hostvars gives, as Ansible's (get_vars without the play): no play vars, no vars_files.
 */
function hostBaseVars(pc: PlayContext, host: string, play = true): Vars {
  const key = play ? host : hostvarsKey(host);
  const cached = pc.baseVarsCache.get(key);
  if (cached) return cached;
  const state = pc.run.hosts.get(host);
  const vars = mergeVars({
    ...pc.run.inventoryVarsOf(host),
    facts: state.facts,
    ...(play ? { playVars: pc.play.vars, varsFiles: pc.varsFilesVars } : {}),
    includeVars: state.includeVars,
    setFacts: state.setFacts,
    extraVars: pc.run.options.extraVars,
  });
  pc.baseVarsCache.set(key, vars);
  return vars;
}

/** The cache key of a host's hostvars view (a NUL cannot be in a host name). */
const hostvarsKey = (host: string) => `\0hostvars\0${host}`;

/** A host's vars without any task context, play vars included (connection settings, remote_user). */
export function hostOnlyVars(pc: PlayContext, host: string): Vars {
  return lazyVars(hostBaseVars(pc, host), pc.run.engine, pc.run.templateScan, magicFor(pc, host));
}

/**
 * hostvars[host]: the host's inventory vars, facts, set_fact/registered vars and extra vars,
 * without the play's vars and vars_files (Ansible's hostvars holds no play). A template naming
 * a variable the host does not have (a role's or the play's var) is left as it is, as Ansible's
 * hostvars does (fail_on_undefined=False).
 */
function hostvarsOf(pc: PlayContext, host: string): Vars {
  const vars = lazyVars(hostBaseVars(pc, host, false), pc.run.engine, pc.run.templateScan, magicFor(pc, host), true);
  // As Ansible's hostvars[h] (got with include_hostvars=False): templates inside still read
  // hostvars, but it is not one of the listed values, so printing hostvars[h] ends.
  Object.defineProperty(vars, 'hostvars', { enumerable: false });
  return vars;
}

/** Call after facts/set_fact/register changed a host. */
export function invalidateHostVars(pc: PlayContext, host: string): void {
  pc.baseVarsCache.delete(host);
  pc.baseVarsCache.delete(hostvarsKey(host));
}

/** Full vars for one task on one host, magic vars included; `extra` (loop vars) on top. */
export function varsForTask(pc: PlayContext, host: string, inh: Inherited, taskVars: Vars | undefined, extra?: Vars): Vars {
  const state = pc.run.hosts.get(host);
  const role = inh.role;
  const published = state.publicRoleDefaults || state.publicRoleVars;
  const needsFullMerge = role || published || inh.blockVars.length || (taskVars && Object.keys(taskVars).length);
  const base = needsFullMerge
    ? mergeVars({
        ...pc.run.inventoryVarsOf(host),
        roleDefaults: published ? { ...state.publicRoleDefaults, ...role?.defaults } : role?.defaults,
        facts: state.facts,
        playVars: pc.play.vars,
        varsFiles: pc.varsFilesVars,
        roleVars: published ? { ...state.publicRoleVars, ...role?.vars } : role?.vars,
        blockVars: inh.blockVars,
        taskVars,
        includeVars: state.includeVars,
        setFacts: state.setFacts,
        roleParams: role?.params,
        extraVars: pc.run.options.extraVars,
      })
    : hostBaseVars(pc, host);
  return lazyVars(extra ? { ...base, ...extra } : base, pc.run.engine, pc.run.templateScan, magicFor(pc, host, inh));
}
