// add_host: adds a host (and its groups and vars) to the run's in-memory inventory, so later
// plays can target it. Runs once per batch, as Ansible's (BYPASS_HOST_LOOP); `changed` says
// whether the inventory changed. In check mode too: nothing on any host changes.
import type { Vars } from '../../core/vars.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export type AddHostArgs = Vars & { name?: string; groups?: string | string[] };

/** 'host:2222' and '[::1]:2222' -> name and port; anything else is the name as given. */
export function splitHostPort(text: string): { name: string; port?: number } {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracketed) return { name: bracketed[1]!, port: Number(bracketed[2]) };
  const plain = /^([^:\s]+):(\d+)$/.exec(text);
  if (plain) return { name: plain[1]!, port: Number(plain[2]) };
  return { name: text };
}

export function groupList(groups: unknown): string[] {
  if (groups === undefined || groups === null || groups === '') return [];
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? groups.split(',') : undefined;
  if (!list) throw new ModuleFailure('Groups must be specified as a list.');
  return [...new Set(list.map((g) => g.trim()).filter(Boolean))];
}

const SPECIAL = new Set(['name', 'hostname', 'host', 'groupname', 'groups', 'group']);

export const addHostModule: ModuleDefinition<AddHostArgs, Record<string, unknown>> = {
  name: 'add_host',
  controllerOnly: true,
  bypassHostLoop: true,
  aliases: { hostname: 'name', host: 'name', groupname: 'groups', group: 'groups' },
  argsSchema: {
    type: 'object',
    description: "Add a host and its groups to the run's in-memory inventory; other arguments become its host vars.",
    properties: {
      name: { type: 'string', minLength: 1, description: "the host's name, optionally with :port (aliases: hostname, host)" },
      hostname: { type: 'string', minLength: 1 },
      host: { type: 'string', minLength: 1 },
      groups: {
        type: ['string', 'array'],
        items: { type: 'string' },
        description: 'groups to add it to, a list or comma-separated (aliases: groupname, group)',
      },
      groupname: { type: ['string', 'array'], items: { type: 'string' } },
      group: { type: ['string', 'array'], items: { type: 'string' } },
    },
    anyOf: [{ required: ['name'] }, { required: ['hostname'] }, { required: ['host'] }],
    additionalProperties: true,
  },
  // The inventory is controller memory, not host state: changing it is the probe's answer.
  async probe(ctx, args) {
    if (!args.name) throw new ModuleFailure('name, host or hostname needs to be provided');
    if (!ctx.inventory) throw new ModuleFailure('add_host needs a playbook run (there is no inventory to add to)');
    const { name, port } = splitHostPort(String(args.name));
    const groups = groupList(args.groups);
    const hostVars: Vars = {};
    for (const [key, value] of Object.entries(args)) if (!SPECIAL.has(key)) hostVars[key] = value;
    if (port !== undefined) hostVars.ansible_ssh_port = port;
    const changed = ctx.inventory.addHost(name, groups, hostVars);
    return { changed, add_host: { host_name: name, groups, host_vars: hostVars } };
  },
  plan(state) {
    const { changed, ...result } = state;
    return changed ? { changed: true, result } : { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: true };
  },
};
