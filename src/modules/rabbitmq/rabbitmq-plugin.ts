// rabbitmq_plugin: explicitly enabled plugins (community.rabbitmq.rabbitmq_plugin's arguments).
// Reads `rabbitmq-plugins list -E` (explicitly enabled only: dependencies enabled implicitly are
// not ours to manage). With the node down, the changes go through --offline.
import type { ModuleDefinition, Plan } from '../module.ts';
import { shellQuote } from '../../connection/connection.ts';
import { missingCliFailure, parseJsonOutput, requireSection, runProbe, runSteps, toNameList, planDetails } from './cli.ts';

export interface PluginArgs {
  names: string | string[];
  state?: 'enabled' | 'disabled';
  /** Only enable what is missing; never disable plugins left out of `names`. */
  new_only?: boolean;
  broker_state?: 'online' | 'offline';
}

export interface PluginState {
  missing: boolean;
  /** the node answered (false: read with --offline) */
  running: boolean;
  enabled: string[];
}

interface PluginPlanData {
  enable: string[];
  disable: string[];
  offline: boolean;
}

interface PluginListJson {
  status?: string;
  plugins?: Array<{ name: string; enabled?: string }>;
}

export function parsePluginList(output: string): { running: boolean; enabled: string[] } {
  const doc = parseJsonOutput<PluginListJson>(output, 'rabbitmq-plugins list');
  const enabled = (doc.plugins ?? []).filter((p) => p.enabled === undefined || p.enabled === 'enabled').map((p) => String(p.name));
  return { running: doc.status === 'running', enabled: enabled.sort() };
}

export function planPlugins(state: PluginState, args: PluginArgs): Plan {
  const names = toNameList(args.names);
  const current = new Set(state.enabled);
  const wantEnabled = (args.state ?? 'enabled') === 'enabled';
  const enable = wantEnabled ? names.filter((n) => !current.has(n)) : [];
  const disable = wantEnabled
    ? args.new_only
      ? []
      : state.enabled.filter((n) => !names.includes(n))
    : names.filter((n) => current.has(n));
  const after = [...state.enabled.filter((n) => !disable.includes(n)), ...enable].sort();
  const changed = enable.length + disable.length > 0;
  const data: PluginPlanData = { enable, disable, offline: args.broker_state === 'offline' || !state.running };
  return {
    changed,
    data,
    result: { enabled: enable, disabled: disable },
    ...planDetails(changed, 'enabled_plugins', { enabled_plugins: state.enabled }, { enabled_plugins: after }, state.missing),
  };
}

function pluginsCommand(verb: string, names: string[], offline: boolean): string {
  return ['rabbitmq-plugins', '-q', verb, ...(offline ? ['--offline'] : []), ...names].map(shellQuote).join(' ');
}

export const rabbitmqPlugin: ModuleDefinition<PluginArgs, PluginState> = {
  name: 'rabbitmq_plugin',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['names'],
    properties: {
      names: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
      state: { enum: ['enabled', 'disabled'] },
      new_only: { type: 'boolean' },
      broker_state: { enum: ['online', 'offline'] },
    },
  },
  async probe(ctx) {
    // `list` has no --offline in 3.10: with the node down it reads the enabled plugins file
    // itself and says status "node_down".
    const list = 'rabbitmq-plugins -q list -E --formatter json';
    const probe = await runProbe(ctx, [{ key: 'plugins', command: list }]);
    if (probe.missing) {
      if (ctx.check) return { missing: true, running: false, enabled: [] };
      throw missingCliFailure();
    }
    return { missing: false, ...parsePluginList(requireSection(probe, 'plugins', 'rabbitmq-plugins list')) };
  },
  plan: planPlugins,
  async apply(ctx, args, plan) {
    const { enable, disable, offline } = plan.data as PluginPlanData;
    const steps = [];
    if (disable.length) steps.push({ command: pluginsCommand('disable', disable, offline) });
    if (enable.length) steps.push({ command: pluginsCommand('enable', enable, offline) });
    await runSteps(ctx, steps, 'rabbitmq_plugin');
    return { changed: true, ...plan.result };
  },
};
