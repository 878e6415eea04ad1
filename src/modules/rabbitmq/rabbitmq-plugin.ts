// rabbitmq_plugin: explicitly enabled plugins (community.rabbitmq.rabbitmq_plugin's arguments).
// Reads what `rabbitmq-plugins list -E` shows (explicitly enabled only: dependencies enabled
// implicitly are not ours to manage), from the files when it can (plugin-files.ts: no Erlang VM).
// With the node down, the changes go through --offline.
import type { ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { shellQuote } from '../../connection/connection.ts';
import { missingCliFailure, parseJsonOutput, requireSection, runProbe, runSteps, toNameList, planDetails } from './cli.ts';
import { enabledPluginsFromFiles, PLUGIN_FILES_MARK, pluginFilesCommand } from './plugin-files.ts';

export interface PluginArgs {
  names: string | string[];
  state?: 'enabled' | 'disabled';
  /** Only enable what is missing; never disable plugins left out of `names`. */
  new_only?: boolean;
  broker_state?: 'online' | 'offline';
}

export interface PluginState {
  missing: boolean;
  /** the node answered (false: read with --offline); undefined: read from the files, not asked */
  running?: boolean;
  enabled: string[];
}

interface PluginPlanData {
  enable: string[];
  disable: string[];
  /** undefined: the node was not asked; apply asks it (only when there is something to change) */
  offline?: boolean;
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

export function planPlugins(state: PluginState, args: PluginArgs): Plan<PluginPlanData> {
  const names = toNameList(args.names);
  const current = new Set(state.enabled);
  const wantEnabled = (args.state ?? 'enabled') === 'enabled';
  const enable = wantEnabled ? names.filter((n) => !current.has(n)) : [];
  const disable = wantEnabled ? (args.new_only ? [] : state.enabled.filter((n) => !names.includes(n))) : names.filter((n) => current.has(n));
  const after = [...state.enabled.filter((n) => !disable.includes(n)), ...enable].sort();
  const changed = enable.length + disable.length > 0;
  const offline = args.broker_state === 'offline' ? true : state.running === undefined ? undefined : !state.running;
  const data: PluginPlanData = { enable, disable, ...(offline !== undefined ? { offline } : {}) };
  return {
    changed,
    data,
    result: { enabled: enable, disabled: disable },
    ...planDetails(changed, 'enabled_plugins', { enabled_plugins: state.enabled }, { enabled_plugins: after }, state.missing),
  };
}

// `list` has no --offline in 3.10: with the node down it reads the enabled plugins file itself
// and says status "node_down".
const PLUGINS_LIST = 'rabbitmq-plugins -q list -E --formatter json';

/** The CLI's answer (an Erlang VM): for an unusual file, and to learn whether the node runs. */
async function listPlugins(ctx: ModuleContext): Promise<string> {
  const probe = await runProbe(ctx, [{ key: 'plugins', command: PLUGINS_LIST }]);
  if (probe.missing) throw missingCliFailure();
  return requireSection(probe, 'plugins', 'rabbitmq-plugins list');
}

function pluginsCommand(verb: string, names: string[], offline: boolean): string {
  return ['rabbitmq-plugins', '-q', verb, ...(offline ? ['--offline'] : []), ...names].map(shellQuote).join(' ');
}

export const rabbitmqPlugin: ModuleDefinition<PluginArgs, PluginState, PluginPlanData> = {
  name: 'rabbitmq_plugin',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['names'],
    properties: {
      names: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string' }, minItems: 1 },
        ],
      },
      state: { enum: ['enabled', 'disabled'] },
      new_only: { type: 'boolean' },
      broker_state: { enum: ['online', 'offline'] },
    },
  },
  async probe(ctx) {
    const probe = await runProbe(ctx, [{ key: 'plugins', command: pluginFilesCommand(PLUGINS_LIST) }]);
    if (probe.missing) return { missing: true, running: false, enabled: [] };
    const output = requireSection(probe, 'plugins', 'rabbitmq-plugins list');
    const fromFiles = enabledPluginsFromFiles(output);
    if (fromFiles) return { missing: false, enabled: fromFiles };
    return { missing: false, ...parsePluginList(output.startsWith(PLUGIN_FILES_MARK) ? await listPlugins(ctx) : output) };
  },
  plan: planPlugins,
  async apply(ctx, args, plan) {
    const { enable, disable } = plan.data;
    const offline = plan.data.offline ?? !parsePluginList(await listPlugins(ctx)).running;
    const steps = [];
    if (disable.length) steps.push({ command: pluginsCommand('disable', disable, offline) });
    if (enable.length) steps.push({ command: pluginsCommand('enable', enable, offline) });
    await runSteps(ctx, steps, 'rabbitmq_plugin');
    return { changed: true, ...plan.result };
  },
};
