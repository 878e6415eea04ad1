// rabbitmq_policy: a policy in one vhost (community.rabbitmq.rabbitmq_policy's arguments, with
// `definition` accepted as another name for `tags`). The existing definition is compared as
// JSON, key order ignored, so an unchanged policy is never rewritten.
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { type LoginArgs, loginArgsProperties, managementLogin } from './broker-http.ts';
import { brokerState, VERSION_COMMAND } from './broker-state.ts';
import { ctl, ctlJson, jsonEqual, parseJsonOutput, requireSection, runProbe, runSteps, planDetails } from './cli.ts';

type ApplyTo = 'all' | 'exchanges' | 'queues' | 'classic_queues' | 'quorum_queues' | 'streams';

export interface PolicyArgs extends LoginArgs {
  name: string;
  vhost?: string;
  pattern?: string;
  apply_to?: ApplyTo;
  tags?: Record<string, unknown>;
  definition?: Record<string, unknown>;
  priority?: number | string;
  state?: 'present' | 'absent';
}

export interface PolicyRow {
  name: string;
  pattern: string;
  apply_to: string;
  definition: Record<string, unknown>;
  priority: number;
}

export interface PolicyState {
  missing: boolean;
  policies: PolicyRow[];
  /** the vhost could not be listed (an earlier task creates it): why */
  unlisted?: string;
  /** the installed broker's version (from its library directory, no Erlang VM); '' if unknown */
  version?: string;
}

/** The ha-* keys of a definition: classic queue mirroring, which RabbitMQ 4.0 removed. */
export function mirroringKeys(definition: Record<string, unknown>): string[] {
  return Object.keys(definition).filter((k) => k.startsWith('ha-'));
}

/** RabbitMQ 4.x ignores ha-* policies: refuse them instead of pretending queues are replicated. */
export function refuseRemovedMirroring(version: string | undefined, name: string, definition: Record<string, unknown>): void {
  const major = Number(/^(\d+)\./.exec(version ?? '')?.[1] ?? 0);
  const keys = mirroringKeys(definition);
  if (major >= 4 && keys.length) {
    throw new ModuleFailure(
      `rabbitmq_policy ${name}: RabbitMQ ${version} has no classic queue mirroring (removed in 4.0), so ${keys.join(', ')} would replicate nothing; use quorum queues instead (roles/mirror-policy: rabbitmq_queue_type: quorum)`,
    );
  }
}

interface PolicyPlanData {
  steps: string[];
}

interface PolicyJson {
  name: string;
  pattern: string;
  'apply-to'?: string;
  definition: string | Record<string, unknown>;
  priority: number | string;
}

/** list_policies JSON; `definition` is a JSON string in some versions and an object in others. */
export function parsePolicies(output: string): PolicyRow[] {
  const rows = parseJsonOutput<PolicyJson[]>(output, 'list_policies');
  return rows.map((r) => ({
    name: String(r.name),
    pattern: String(r.pattern),
    apply_to: String(r['apply-to'] ?? 'all'),
    definition: typeof r.definition === 'string' ? (JSON.parse(r.definition) as Record<string, unknown>) : r.definition,
    priority: Number(r.priority),
  }));
}

function describe(row: PolicyRow | undefined, vhost: string): Record<string, unknown> {
  if (!row) return { state: 'absent' };
  return { state: 'present', vhost, pattern: row.pattern, apply_to: row.apply_to, priority: row.priority, definition: row.definition };
}

export function planPolicy(state: PolicyState, args: PolicyArgs): Plan<PolicyPlanData> {
  const vhost = args.vhost ?? '/';
  const wanted = args.state ?? 'present';
  const current = state.policies.find((p) => p.name === args.name);
  let desired: PolicyRow | undefined;
  const steps: string[] = [];
  if (wanted === 'absent') {
    if (current) steps.push(ctl('clear_policy', '-p', vhost, args.name));
  } else {
    const definition = args.tags ?? args.definition;
    if (args.pattern === undefined || definition === undefined)
      throw new ModuleFailure('rabbitmq_policy: state=present needs pattern and tags (or definition)');
    refuseRemovedMirroring(state.version, args.name, definition);
    const priority = Number(args.priority ?? 0);
    if (!Number.isInteger(priority)) throw new ModuleFailure(`rabbitmq_policy: priority must be an integer, got '${args.priority}'`);
    desired = { name: args.name, pattern: args.pattern, apply_to: args.apply_to ?? 'all', definition, priority };
    const same =
      current !== undefined &&
      current.pattern === desired.pattern &&
      current.apply_to === desired.apply_to &&
      current.priority === desired.priority &&
      jsonEqual(current.definition, desired.definition);
    if (!same) {
      steps.push(
        ctl('set_policy', '-p', vhost, '--priority', String(priority), '--apply-to', desired.apply_to, args.name, desired.pattern, JSON.stringify(definition)),
      );
    }
  }
  const changed = steps.length > 0;
  const header = `policy ${args.name} (vhost ${vhost})`;
  const data: PolicyPlanData = { steps };
  return {
    changed,
    data,
    result: { name: args.name, vhost, state: wanted },
    ...planDetails(changed, header, describe(current, vhost), describe(desired, vhost), state.missing),
    ...(state.unlisted ? { blockedBy: state.unlisted } : {}),
  };
}

function parseVhostNames(vhosts: unknown[] | undefined): string[] {
  return (vhosts ?? []).map((v) => String((v as { name?: unknown }).name));
}

export const rabbitmqPolicy: ModuleDefinition<PolicyArgs, PolicyState, PolicyPlanData> = {
  name: 'rabbitmq_policy',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      vhost: { type: 'string', minLength: 1 },
      pattern: { type: 'string' },
      apply_to: { enum: ['all', 'exchanges', 'queues', 'classic_queues', 'quorum_queues', 'streams'] },
      tags: { type: 'object' },
      definition: { type: 'object' },
      priority: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }] },
      state: { enum: ['present', 'absent'] },
      ...loginArgsProperties,
    },
    not: { required: ['tags', 'definition'] },
  },
  async probe(ctx, args) {
    const vhost = args.vhost ?? '/';
    const broker = await brokerState(ctx, managementLogin(args));
    if (broker.missing) return { missing: true, policies: [] };
    // A vhost not there yet: list_policies below says so in its own words.
    const vhostThere = parseVhostNames(broker.vhosts).includes(vhost);
    if (broker.policies && vhostThere) {
      return { missing: false, policies: parsePolicies(JSON.stringify(broker.policies.filter((p) => String(p.vhost) === vhost))), version: broker.version };
    }
    const probe = await runProbe(ctx, [
      { key: 'policies', command: ctlJson('list_policies', '-p', args.vhost ?? '/') },
      { key: 'version', command: VERSION_COMMAND },
    ]);
    const version = probe.sections.version?.output.trim() ?? '';
    if (probe.missing) return { missing: true, policies: [] };
    const section = probe.sections.policies;
    // A vhost an earlier task would create cannot be listed yet: it has no policies (check mode),
    // and a real run fails with list_policies' own message.
    if (section && section.rc !== 0 && /vhost/i.test(section.output)) {
      return { missing: false, policies: [], version, unlisted: `rabbitmqctl list_policies failed (rc=${section.rc}): ${section.output.trim()}` };
    }
    return { missing: false, policies: parsePolicies(requireSection(probe, 'policies', 'rabbitmqctl list_policies')), version };
  },
  plan: planPolicy,
  async apply(ctx, args, plan) {
    const { steps } = plan.data;
    await runSteps(
      ctx,
      steps.map((command) => ({ command })),
      `rabbitmq_policy ${args.name}`,
    );
    return { changed: true, ...plan.result };
  },
};
