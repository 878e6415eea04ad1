// service and systemd: systemctl when systemd is PID 1, else sysv (`service` + update-rc.d).
// daemon_reload is the prepare step: before the probe, never in check mode, as Ansible does it first too.
import { shellQuote } from '../../connection/connection.ts';
import { splitSections } from '../../core/sections.ts';
import type { ChangePlan, ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';
import { isEnabled, planServiceActions, systemdState, sysvState, type ServiceAction, type ServiceArgs, type ServiceState } from './service-plan.ts';

const SERVICE_NAME = /^[A-Za-z0-9@_.:\\-]+$/;

function schema(extra: Record<string, unknown>) {
  return {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] },
      enabled: { type: 'boolean' },
      ...extra,
    },
    required: ['name'],
    additionalProperties: false,
  };
}

async function prepareService(ctx: ModuleContext, args: ServiceArgs): Promise<void> {
  if (args.daemon_reload || args.daemon_reexec) {
    await runOrFail(ctx, `systemctl daemon-${args.daemon_reexec ? 'reexec' : 'reload'}`, 'systemctl daemon-reload');
  }
}

async function probeService(ctx: ModuleContext, args: ServiceArgs, allowSystemd: boolean): Promise<ServiceState> {
  if (!SERVICE_NAME.test(args.name)) throw new ModuleFailure(`'${args.name}' is not a valid service name`);
  const name = shellQuote(args.name);
  const script = [
    allowSystemd ? 'if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then' : 'if false; then',
    `  echo '@@@ systemd'; systemctl show ${name} --no-pager -p LoadState -p ActiveState -p SubState -p UnitFileState -p MainPID 2>/dev/null`,
    'else',
    `  echo '@@@ sysv'; [ -x /etc/init.d/${name} ] && echo exists; service ${name} status >/dev/null 2>&1; echo "status=$?"`,
    `  ls /etc/rc2.d/S[0-9][0-9]${name} /etc/rc3.d/S[0-9][0-9]${name} 2>/dev/null | head -1 | sed 's/^/link=/'`,
    'fi',
    `echo '@@@ end'`,
  ].join('\n');
  const r = await runOrFail(ctx, script, `reading the state of service ${args.name}`);
  const s = splitSections(r.stdout);
  if (s.has('systemd')) return systemdState(s.get('systemd')!);
  const sysv = s.get('sysv') ?? '';
  return sysvState(/^exists$/m.test(sysv), Number(/status=(\d+)/.exec(sysv)?.[1] ?? 1), /^link=/m.test(sysv));
}

interface ServicePlanData {
  actions: ServiceAction[];
  manager: 'systemd' | 'sysv';
}

function planService(state: ServiceState, args: ServiceArgs): Plan<ServicePlanData> {
  let actions: ServiceAction[];
  try {
    actions = planServiceActions(state, args);
  } catch (err) {
    throw new ModuleFailure((err as Error).message);
  }
  const describe = (active: boolean, enabled: string) => `state: ${active ? 'active' : 'inactive'}\nenabled: ${enabled}\n`;
  const afterActive = actions.some((a) => a === 'start' || a === 'restart' || a === 'reload') || (state.active && !actions.includes('stop'));
  const afterEnabled = actions.includes('mask')
    ? 'masked'
    : actions.includes('enable')
      ? 'enabled'
      : actions.includes('disable')
        ? 'disabled'
        : actions.includes('unmask')
          ? 'disabled'
          : state.unitFileState;
  const before = describe(state.active, state.unitFileState || 'unknown');
  const after = describe(afterActive, afterEnabled || 'unknown');
  return {
    changed: actions.length > 0,
    data: { actions, manager: state.manager },
    result: {
      name: args.name,
      state: afterActive ? 'started' : 'stopped',
      enabled: actions.includes('enable') || (isEnabled(state) && !actions.includes('disable')),
      status: state.properties,
    },
    // A restart or reload leaves the described state as it was: no (empty) diff to show.
    ...(actions.length && before !== after ? { diff: [{ before, after, before_header: `service ${args.name}`, after_header: `service ${args.name}` }] } : {}),
  };
}

function actionCommand(manager: 'systemd' | 'sysv', action: ServiceAction, name: string, noBlock: boolean): string {
  if (manager === 'systemd') return `systemctl${noBlock && ['start', 'stop', 'restart', 'reload'].includes(action) ? ' --no-block' : ''} ${action} ${name}`;
  if (action === 'enable') return `update-rc.d ${name} defaults >/dev/null && update-rc.d ${name} enable`;
  if (action === 'disable') return `update-rc.d ${name} disable`;
  if (action === 'mask' || action === 'unmask') throw new ModuleFailure(`masking needs systemd; ${name} is managed by sysv init`);
  return `service ${name} ${action}`;
}

async function applyService(ctx: ModuleContext, args: ServiceArgs, plan: ChangePlan<ServicePlanData>) {
  const { actions, manager } = plan.data;
  const name = shellQuote(args.name);
  const script = actions.map((a) => actionCommand(manager, a, name, args.no_block === true)).join(' && ');
  await runOrFail(ctx, script, `${actions.join(', ')} of service ${args.name}`);
  return { ...plan.result, changed: true };
}

export const systemdModule: ModuleDefinition<ServiceArgs, ServiceState, ServicePlanData> = {
  name: 'systemd',
  argsSchema: schema({
    daemon_reload: { type: 'boolean' },
    daemon_reexec: { type: 'boolean' },
    masked: { type: 'boolean' },
    no_block: { type: 'boolean' },
    scope: { enum: ['system'] },
  }),
  prepare: prepareService,
  probe: (ctx, args) => probeService(ctx, args, true),
  plan: planService,
  apply: applyService,
};

export const systemdServiceModule: ModuleDefinition<ServiceArgs, ServiceState, ServicePlanData> = { ...systemdModule, name: 'systemd_service' };

export const serviceModule: ModuleDefinition<ServiceArgs, ServiceState, ServicePlanData> = {
  name: 'service',
  argsSchema: schema({
    use: { enum: ['auto', 'systemd', 'sysv', 'service'] },
    daemon_reload: { type: 'boolean' },
    pattern: { type: 'string' },
    sleep: { type: 'integer', minimum: 0 },
    arguments: { type: 'string' },
  }),
  prepare: prepareService,
  probe: (ctx, args) => probeService(ctx, args, args.use !== 'sysv' && args.use !== 'service'),
  plan: planService,
  apply: applyService,
};
