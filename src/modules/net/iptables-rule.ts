// The iptables rule arguments built from the module's parameters in ansible.builtin.iptables'
// order, '!' negation included; the same words serve -C (is it there?), -A/-I and -D.

export interface IptablesRuleParams {
  ip_version?: 'ipv4' | 'ipv6';
  wait?: string;
  protocol?: string;
  source?: string;
  destination?: string;
  match?: string[];
  tcp_flags?: { flags?: string[]; flags_set?: string[] };
  jump?: string;
  gateway?: string;
  log_prefix?: string;
  log_level?: string;
  to_destination?: string;
  destination_ports?: string[];
  to_source?: string;
  goto?: string;
  in_interface?: string;
  out_interface?: string;
  fragment?: string;
  set_counters?: string;
  source_port?: string;
  destination_port?: string;
  to_ports?: string;
  set_dscp_mark?: string;
  set_dscp_mark_class?: string;
  syn?: 'ignore' | 'match' | 'negate';
  ctstate?: string[];
  src_range?: string;
  dst_range?: string;
  limit?: string;
  limit_burst?: string;
  uid_owner?: string;
  gid_owner?: string;
  reject_with?: string;
  icmp_type?: string;
  comment?: string;
}

function param(rule: string[], value: string | undefined, flag: string): void {
  if (value === undefined || value === '') return;
  if (value.startsWith('!')) rule.push('!', flag, value.slice(1));
  else rule.push(flag, value);
}

function match(rule: string[], present: unknown, name: string): void {
  if (present !== undefined && present !== '' && !(Array.isArray(present) && present.length === 0)) rule.push('-m', name);
}

function csv(rule: string[], values: string[] | undefined, flag: string): void {
  if (values?.length) rule.push(flag, values.join(','));
}

export function constructRule(p: IptablesRuleParams): string[] {
  const rule: string[] = [];
  const matches = p.match ?? [];
  if (p.wait) rule.push('-w', p.wait);
  param(rule, p.protocol, '-p');
  param(rule, p.source, '-s');
  param(rule, p.destination, '-d');
  for (const m of matches) rule.push('-m', m);
  if (p.tcp_flags?.flags?.length && p.tcp_flags.flags_set?.length) rule.push('--tcp-flags', p.tcp_flags.flags.join(','), p.tcp_flags.flags_set.join(','));
  param(rule, p.jump, '-j');
  if (p.jump?.toLowerCase() === 'tee') param(rule, p.gateway, '--gateway');
  param(rule, p.log_prefix, '--log-prefix');
  param(rule, p.log_level, '--log-level');
  param(rule, p.to_destination, '--to-destination');
  match(rule, p.destination_ports, 'multiport');
  csv(rule, p.destination_ports, '--dports');
  param(rule, p.to_source, '--to-source');
  param(rule, p.goto, '-g');
  param(rule, p.in_interface, '-i');
  param(rule, p.out_interface, '-o');
  param(rule, p.fragment, '-f');
  param(rule, p.set_counters, '-c');
  param(rule, p.source_port, '--source-port');
  param(rule, p.destination_port, '--destination-port');
  param(rule, p.to_ports, '--to-ports');
  param(rule, p.set_dscp_mark, '--set-dscp');
  param(rule, p.set_dscp_mark_class, '--set-dscp-class');
  if (p.syn === 'match') rule.push('--syn');
  else if (p.syn === 'negate') rule.push('!', '--syn');
  if (matches.includes('conntrack')) csv(rule, p.ctstate, '--ctstate');
  else if (matches.includes('state')) csv(rule, p.ctstate, '--state');
  else if (p.ctstate?.length) {
    rule.push('-m', 'conntrack');
    csv(rule, p.ctstate, '--ctstate');
  }
  if (!matches.includes('iprange')) match(rule, p.src_range ?? p.dst_range, 'iprange');
  param(rule, p.src_range, '--src-range');
  param(rule, p.dst_range, '--dst-range');
  match(rule, p.limit ?? p.limit_burst, 'limit');
  param(rule, p.limit, '--limit');
  param(rule, p.limit_burst, '--limit-burst');
  match(rule, p.uid_owner, 'owner');
  param(rule, p.uid_owner, '--uid-owner');
  if (p.uid_owner === undefined) match(rule, p.gid_owner, 'owner');
  param(rule, p.gid_owner, '--gid-owner');
  if (p.jump === undefined && p.reject_with !== undefined) rule.push('-j', 'REJECT');
  param(rule, p.reject_with, '--reject-with');
  param(rule, p.icmp_type, p.ip_version === 'ipv6' ? '--icmpv6-type' : '--icmp-type');
  match(rule, p.comment, 'comment');
  param(rule, p.comment, '--comment');
  return rule;
}

/** The policy in `iptables -L CHAIN`'s first line, 'Chain INPUT (policy ACCEPT)'. */
export function chainPolicy(listing: string): string | undefined {
  return /\(policy ([A-Z]+)/.exec(listing.split('\n')[0] ?? '')?.[1];
}
