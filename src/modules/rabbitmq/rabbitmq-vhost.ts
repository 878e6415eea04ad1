// rabbitmq_vhost: a virtual host present or absent, with message tracing on or off
// (community.rabbitmq.rabbitmq_vhost's arguments).
import type { ModuleDefinition, Plan } from '../module.ts';
import { type LoginArgs, loginArgsProperties, managementLogin } from './broker-http.ts';
import { brokerState } from './broker-state.ts';
import { ctl, ctlJson, parseJsonOutput, requireSection, runProbe, runSteps, planDetails } from './cli.ts';

export interface VhostArgs extends LoginArgs {
  name: string;
  state?: 'present' | 'absent';
  tracing?: boolean;
}

export interface VhostRow {
  name: string;
  tracing?: boolean;
}

export interface VhostState {
  /** rabbitmq-server not installed: only possible in check mode, treated as an empty broker */
  missing: boolean;
  vhosts: VhostRow[];
}

interface VhostPlanData {
  steps: string[];
}

export function parseVhosts(output: string): VhostRow[] {
  const rows = parseJsonOutput<Array<{ name: string; tracing?: boolean | string }>>(output, 'list_vhosts');
  return rows.map((r) => ({ name: String(r.name), tracing: r.tracing === true || r.tracing === 'true' }));
}

export function planVhost(state: VhostState, args: VhostArgs): Plan<VhostPlanData> {
  const wanted = args.state ?? 'present';
  const tracing = args.tracing ?? false;
  const current = state.vhosts.find((v) => v.name === args.name);
  const steps: string[] = [];
  const before = current ? { vhost: args.name, state: 'present', tracing: current.tracing ?? false } : { vhost: args.name, state: 'absent' };
  let after: Record<string, unknown> = before;
  if (wanted === 'absent') {
    if (current) {
      steps.push(ctl('delete_vhost', args.name));
      after = { vhost: args.name, state: 'absent' };
    }
  } else {
    if (!current) steps.push(ctl('add_vhost', args.name));
    if ((current?.tracing ?? false) !== tracing) steps.push(ctl(tracing ? 'trace_on' : 'trace_off', '-p', args.name));
    after = { vhost: args.name, state: 'present', tracing };
  }
  const changed = steps.length > 0;
  const data: VhostPlanData = { steps };
  return {
    changed,
    data,
    result: { name: args.name, state: wanted },
    ...planDetails(changed, `vhost ${args.name}`, before, after, state.missing),
  };
}

export const rabbitmqVhost: ModuleDefinition<VhostArgs, VhostState, VhostPlanData> = {
  name: 'rabbitmq_vhost',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      state: { enum: ['present', 'absent'] },
      tracing: { type: 'boolean' },
      ...loginArgsProperties,
    },
  },
  async probe(ctx, args) {
    const broker = await brokerState(ctx, managementLogin(args));
    if (broker.missing) return { missing: true, vhosts: [] };
    if (broker.vhosts) return { missing: false, vhosts: parseVhosts(JSON.stringify(broker.vhosts)) };
    const probe = await runProbe(ctx, [{ key: 'vhosts', command: ctlJson('list_vhosts', 'name', 'tracing') }]);
    if (probe.missing) return { missing: true, vhosts: [] };
    return { missing: false, vhosts: parseVhosts(requireSection(probe, 'vhosts', 'rabbitmqctl list_vhosts')) };
  },
  plan: planVhost,
  async apply(ctx, args, plan) {
    const { steps } = plan.data;
    await runSteps(
      ctx,
      steps.map((command) => ({ command })),
      `rabbitmq_vhost ${args.name}`,
    );
    return { changed: true, ...plan.result };
  },
};
