// iptables rule words in ansible.builtin.iptables' order (the `rule` Ansible returns is these
// joined by spaces), negation, the policy parse, and load-time argument errors.
import { expect } from 'chai';
import { validateModuleArgs } from '../../../../src/load/module-args.ts';
import { findModule } from '../../../../src/modules/registry.ts';
import { chainPolicy, constructRule } from '../../../../src/modules/net/iptables-rule.ts';

const loc = { file: 'site.yml', line: 3, col: 7 };
const argsError = (args: Record<string, unknown>) => {
  try {
    validateModuleArgs(findModule('iptables')!, args, loc);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('iptables rules', () => {
  it('builds the rule as Ansible orders it', () => {
    expect(constructRule({ protocol: 'tcp', destination_port: '22', ctstate: ['NEW', 'ESTABLISHED'], jump: 'ACCEPT', comment: 'ssh in' }).join(' ')).to.equal(
      '-p tcp -j ACCEPT --destination-port 22 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment ssh in',
    );
    expect(constructRule({ source: '!10.0.0.0/8', in_interface: 'lo', destination_ports: ['80', '443:445'], jump: 'DROP' })).to.deep.equal([
      '!',
      '-s',
      '10.0.0.0/8',
      '-j',
      'DROP',
      '-m',
      'multiport',
      '--dports',
      '80,443:445',
      '-i',
      'lo',
    ]);
    expect(constructRule({ protocol: 'icmp', icmp_type: 'echo-request', reject_with: 'icmp-port-unreachable' }).join(' ')).to.equal(
      '-p icmp -j REJECT --reject-with icmp-port-unreachable --icmp-type echo-request',
    );
    expect(constructRule({})).to.deep.equal([]);
    expect(chainPolicy('Chain INPUT (policy DROP)\ntarget     prot opt source               destination\n')).to.equal('DROP');
  });

  it('refuses bad arguments at load time', () => {
    expect(argsError({ chain: 'INPUT', action: 'prepend' })).to.equal("site.yml:3:7: iptables: 'action' must be one of append, insert");
    expect(argsError({ chain: 'INPUT', flush: true, policy: 'DROP' })).to.equal("site.yml:3:7: iptables: 'flush' and 'policy' are mutually exclusive");
    expect(argsError({ chain: 'INPUT', rule_num: 'first' })).to.include("'rule_num' must match");
    expect(argsError({ chain: 'INPUT', protocol: 'tcp', destination_port: 22, jump: 'ACCEPT', ctstate: 'NEW,ESTABLISHED' })).to.equal('');
  });
});
