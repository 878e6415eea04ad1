// Pure parts of service/systemd: `systemctl show` (or sysv probes) -> state -> ordered actions.
export interface ServiceArgs {
  name: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean;
  daemon_reload?: boolean;
  daemon_reexec?: boolean;
  masked?: boolean;
  no_block?: boolean;
  scope?: 'system';
  use?: 'auto' | 'systemd' | 'sysv' | 'service';
  pattern?: string;
  sleep?: number;
  arguments?: string;
}

export interface ServiceState {
  manager: 'systemd' | 'sysv';
  exists: boolean;
  active: boolean;
  /** systemd UnitFileState, or 'enabled'/'disabled' for sysv */
  unitFileState: string;
  properties: Record<string, string>;
}

export type ServiceAction = 'unmask' | 'enable' | 'disable' | 'start' | 'stop' | 'restart' | 'reload' | 'mask';

const ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated']);
const ACTIVE_STATES = new Set(['active', 'activating', 'reloading']);

export function parseSystemctlShow(output: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) props[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return props;
}

export function systemdState(showOutput: string): ServiceState {
  const properties = parseSystemctlShow(showOutput);
  return {
    manager: 'systemd',
    exists: properties.LoadState !== undefined && properties.LoadState !== 'not-found',
    active: ACTIVE_STATES.has(properties.ActiveState ?? ''),
    unitFileState: properties.UnitFileState || (properties.LoadState === 'masked' ? 'masked' : ''),
    properties,
  };
}

/** sysv: `service NAME status` exit code (0 running) and whether S??NAME links exist in rc2-5. */
export function sysvState(initScriptExists: boolean, statusCode: number, hasStartLinks: boolean): ServiceState {
  return {
    manager: 'sysv',
    exists: initScriptExists,
    active: initScriptExists && statusCode === 0,
    unitFileState: hasStartLinks ? 'enabled' : 'disabled',
    properties: { ActiveState: statusCode === 0 ? 'active' : 'inactive' },
  };
}

export function isEnabled(state: ServiceState): boolean {
  return ENABLED_STATES.has(state.unitFileState);
}

/** Ordered actions: unmask before enable/start, mask after stop. Throws a message for impossible requests. */
export function planServiceActions(state: ServiceState, args: ServiceArgs): ServiceAction[] {
  const actions: ServiceAction[] = [];
  const masked = state.unitFileState === 'masked';
  if (!state.exists && !(args.masked === true && args.state === undefined && args.enabled === undefined)) {
    throw new Error(`Could not find the requested service ${args.name}`);
  }
  if (args.masked === false && masked) actions.push('unmask');
  const maskedAfter = args.masked ?? masked;
  if (maskedAfter && (args.state === 'started' || args.state === 'restarted' || args.state === 'reloaded' || args.enabled === true)) {
    throw new Error(`service ${args.name} is masked: set masked: false to ${args.enabled ? 'enable' : 'start'} it`);
  }
  if (args.enabled === true && !isEnabled(state)) actions.push('enable');
  if (args.enabled === false && (state.unitFileState === 'enabled' || state.unitFileState === 'enabled-runtime')) actions.push('disable');
  switch (args.state) {
    case 'started':
      if (!state.active) actions.push('start');
      break;
    case 'stopped':
      if (state.active) actions.push('stop');
      break;
    case 'restarted':
      actions.push('restart');
      break;
    case 'reloaded':
      actions.push(state.active ? 'reload' : 'start');
      break;
  }
  if (args.masked === true && !masked) actions.push('mask');
  return actions;
}
