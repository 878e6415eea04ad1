// iptables (ansible.builtin): one rule present or absent in a chain (decided with `iptables -C`),
// a chain's policy, a flush, or a user chain created/deleted (chain_management), as Ansible's
// module decides each; ip6tables for ip_version ipv6.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { asList, stringListSchema } from '../lib/list-arg.ts';
import type { IptablesRuleParams } from './iptables-rule.ts';
import { chainPolicy, constructRule } from './iptables-rule.ts';

export interface IptablesArgs extends Omit<IptablesRuleParams, 'match' | 'destination_ports' | 'ctstate'> {
  table?: 'filter' | 'nat' | 'mangle' | 'raw' | 'security';
  state?: 'present' | 'absent';
  action?: 'append' | 'insert';
  chain?: string;
  rule_num?: string | number;
  flush?: boolean;
  policy?: 'ACCEPT' | 'DROP' | 'QUEUE' | 'RETURN';
  chain_management?: boolean;
  numeric?: boolean;
  match_set?: string;
  match_set_flags?: string;
  match?: string[] | string;
  destination_ports?: string[] | string;
  ctstate?: string[] | string;
}

interface IptablesState {
  binary: string;
  rulePresent?: boolean;
  chainPresent?: boolean;
  policy?: string;
}

type Step = 'flush' | 'policy' | 'delete-chain' | 'create-chain' | 'add-rule' | 'remove-rule';

const str = { type: 'string' };
/** a port, a service name or a range ('80', 'http', '1000:2000', '!22') */
const port = { type: ['string', 'integer'], pattern: '^!?[A-Za-z0-9_-]+(:[A-Za-z0-9_-]*)?$' };

function ruleParams(args: IptablesArgs): IptablesRuleParams {
  return {
    ...args,
    match: asList(args.match),
    destination_ports: asList(args.destination_ports),
    ctstate: asList(args.ctstate),
    ...(args.wait !== undefined ? { wait: String(args.wait) } : {}),
  };
}

function base(binary: string, args: IptablesArgs): string {
  return `${binary} -t ${shellQuote(args.table ?? 'filter')}`;
}

function chainOf(args: IptablesArgs): string {
  if (!args.chain) throw new ModuleFailure('iptables: chain is required for this operation');
  return args.chain;
}

function ruleCommand(binary: string, args: IptablesArgs, action: '-C' | '-A' | '-I' | '-D'): string {
  const num = action === '-I' && args.rule_num !== undefined ? ` ${shellQuote(String(args.rule_num))}` : '';
  const rule = constructRule(ruleParams(args)).map(shellQuote).join(' ');
  return `${base(binary, args)} ${action} ${shellQuote(chainOf(args))}${num} ${rule}`.trimEnd();
}

function hasRule(args: IptablesArgs): boolean {
  return constructRule(ruleParams(args)).length > 0;
}

export const iptablesModule: ModuleDefinition<IptablesArgs, IptablesState, Step> = {
  name: 'iptables',
  argsSchema: {
    type: 'object',
    description: 'Manage one iptables rule, a chain policy, a flush, or a user chain.',
    properties: {
      table: { enum: ['filter', 'nat', 'mangle', 'raw', 'security'], default: 'filter' },
      state: { enum: ['present', 'absent'], default: 'present' },
      action: { enum: ['append', 'insert'], default: 'append', description: 'append (-A) or insert (-I) a missing rule' },
      ip_version: { enum: ['ipv4', 'ipv6'], default: 'ipv4' },
      chain: { type: 'string', minLength: 1 },
      rule_num: { type: ['string', 'integer'], pattern: '^[0-9]+$', description: 'the position for action insert' },
      protocol: str,
      source: str,
      destination: str,
      match: { ...stringListSchema, description: 'extra -m matches' },
      tcp_flags: {
        type: 'object',
        properties: { flags: { type: 'array', items: str }, flags_set: { type: 'array', items: str } },
        additionalProperties: false,
      },
      jump: str,
      gateway: str,
      log_prefix: str,
      log_level: { type: ['string', 'integer'] },
      goto: str,
      in_interface: str,
      out_interface: str,
      fragment: str,
      set_counters: str,
      source_port: port,
      destination_port: port,
      destination_ports: { ...stringListSchema, description: 'ports or ranges (-m multiport --dports)' },
      to_ports: str,
      to_destination: str,
      to_source: str,
      syn: { enum: ['ignore', 'match', 'negate'], default: 'ignore' },
      set_dscp_mark: str,
      set_dscp_mark_class: str,
      comment: str,
      ctstate: { ...stringListSchema, description: 'connection states (-m conntrack --ctstate)' },
      src_range: str,
      dst_range: str,
      match_set: str,
      match_set_flags: { enum: ['src', 'dst', 'src,dst', 'dst,src'] },
      limit: str,
      limit_burst: str,
      uid_owner: str,
      gid_owner: str,
      reject_with: str,
      icmp_type: str,
      flush: { type: 'boolean', default: false },
      policy: { enum: ['ACCEPT', 'DROP', 'QUEUE', 'RETURN'] },
      wait: { type: ['string', 'integer'] },
      chain_management: { type: 'boolean', default: false, description: 'create a missing chain (state present) or delete an empty one (absent, no rule)' },
      numeric: { type: 'boolean', default: false },
    },
    allOf: [{ not: { required: ['set_dscp_mark', 'set_dscp_mark_class'] } }, { not: { required: ['flush', 'policy'] } }],
    additionalProperties: false,
  },
  async probe(ctx, raw) {
    const args = normalized(raw);
    if (args.match_set !== undefined) throw new ModuleFailure('iptables: match_set is not supported by warren yet');
    const binary = (args.ip_version ?? 'ipv4') === 'ipv6' ? 'ip6tables' : 'iptables';
    const found = await ctx.target.run(`command -v ${binary}`);
    if (found.code !== 0) throw new ModuleFailure(`Failed to find required executable "${binary}" in paths`);
    if (args.flush) return { binary };
    if (args.policy) {
      const res = await ctx.target.run(`${base(binary, args)} -L ${shellQuote(chainOf(args))}`);
      const policy = chainPolicy(res.stdout);
      if (res.code !== 0 || !policy) throw new ModuleFailure("Can't detect current policy", { stderr: res.stderr });
      return { binary, policy };
    }
    const chainPresent = (await ctx.target.run(`${base(binary, args)} -L ${shellQuote(chainOf(args))} >/dev/null 2>&1`)).code === 0;
    if (!hasRule(args)) return { binary, chainPresent };
    const rulePresent = chainPresent && (await ctx.target.run(`${ruleCommand(binary, args, '-C')} >/dev/null 2>&1`)).code === 0;
    return { binary, chainPresent, rulePresent };
  },
  plan(state, args): Plan<Step> {
    const result = {
      ip_version: args.ip_version ?? 'ipv4',
      table: args.table ?? 'filter',
      chain: args.chain ?? null,
      flush: args.flush ?? false,
      rule: constructRule(ruleParams(normalized(args))).join(' '),
      state: args.state ?? 'present',
    };
    const change = (data: Step): Plan<Step> => ({ changed: true, data, result });
    if (args.flush) return change('flush');
    if (args.policy) return state.policy !== args.policy ? change('policy') : { changed: false, result };
    const present = (args.state ?? 'present') === 'present';
    if (!hasRule(normalized(args))) {
      if (!present) return state.chainPresent ? change('delete-chain') : { changed: false, result };
      return state.chainPresent ? { changed: false, result } : change('create-chain');
    }
    if (state.rulePresent === present) return { changed: false, result };
    return change(present ? 'add-rule' : 'remove-rule');
  },
  async apply(ctx, raw, plan) {
    const args = normalized(raw);
    const binary = (args.ip_version ?? 'ipv4') === 'ipv6' ? 'ip6tables' : 'iptables';
    const b = base(binary, args);
    const chain = args.chain ? shellQuote(args.chain) : '';
    const commands: Record<Step, () => string | undefined> = {
      flush: () => `${b} -F ${chain}`.trimEnd(),
      policy: () => `${b} -P ${chain} ${shellQuote(args.policy!)}`,
      'delete-chain': () => (args.chain_management ? `${b} -X ${chain}` : undefined),
      'create-chain': () => (args.chain_management ? `${b} -N ${chain}` : undefined),
      'add-rule': () => {
        const chainExists = `${b} -L ${chain} >/dev/null 2>&1`;
        const create = args.chain_management ? `${chainExists} || ${b} -N ${chain} || exit 1\n` : '';
        return create + ruleCommand(binary, args, args.action === 'insert' ? '-I' : '-A');
      },
      'remove-rule': () => ruleCommand(binary, args, '-D'),
    };
    const script = commands[plan.data]();
    if (script) {
      const res = await ctx.target.run(script);
      if (res.code !== 0)
        throw new ModuleFailure(`${res.stderr.trim() || 'iptables failed'}`, { rc: res.code, stdout: res.stdout, stderr: res.stderr, cmd: script });
    }
    return { ...plan.result, changed: true };
  },
};

function stringOr(v: string | number | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

function normalized(args: IptablesArgs): IptablesArgs {
  return { ...args, source_port: stringOr(args.source_port), destination_port: stringOr(args.destination_port), log_level: stringOr(args.log_level) };
}
