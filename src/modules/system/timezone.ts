// timezone (community.general): the system time zone and whether the hardware clock keeps local
// time or UTC. With systemd as PID 1 (and timedatectl) through timedatectl, as Ansible's
// SystemdTimezone; otherwise Debian's files: /etc/localtime -> /usr/share/zoneinfo/NAME,
// /etc/timezone, and the hardware clock's line in /etc/adjtime.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';

export interface TimezoneArgs {
  name?: string;
  hwclock?: 'local' | 'UTC';
}

interface TimezoneState {
  systemd: boolean;
  name: string;
  hwclock: 'local' | 'UTC';
  /** the zone file for args.name exists */
  available: boolean;
  /** Debian files agree with each other (no systemd) */
  filesAgree: boolean;
}

const ZONEINFO = '/usr/share/zoneinfo';

export const timezoneModule: ModuleDefinition<TimezoneArgs, TimezoneState, TimezoneArgs> = {
  name: 'timezone',
  aliases: { rtc: 'hwclock' },
  argsSchema: {
    type: 'object',
    description: 'Set the system time zone and the hardware clock mode (community.general).',
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        pattern: '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$',
        description: 'a zone under /usr/share/zoneinfo, e.g. Europe/Paris',
      },
      hwclock: { enum: ['local', 'UTC'], description: 'whether the hardware clock keeps local time or UTC (alias: rtc)' },
      rtc: { enum: ['local', 'UTC'] },
    },
    anyOf: [{ required: ['name'] }, { required: ['hwclock'] }, { required: ['rtc'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const name = args.name ?? 'UTC';
    const script = [
      'if [ -d /run/systemd/system ] && command -v timedatectl >/dev/null; then',
      '  echo systemd; LC_ALL=C timedatectl status',
      'else',
      '  echo files',
      '  printf "timezone: %s\\n" "$(cat /etc/timezone 2>/dev/null)"',
      `  printf "localtime: %s\\n" "$(readlink /etc/localtime 2>/dev/null)"`,
      '  printf "adjtime: %s\\n" "$(sed -n 3p /etc/adjtime 2>/dev/null)"',
      'fi',
      `[ -f ${shellQuote(`${ZONEINFO}/${name}`)} ] && echo available`,
    ].join('\n');
    const res = await ctx.target.run(script);
    const out = res.stdout;
    const available = /^available$/m.test(out);
    if (out.startsWith('systemd')) {
      const zone = /Time zone: (\S+)/.exec(out)?.[1] ?? '';
      const local = /RTC in local TZ: yes/.test(out);
      return { systemd: true, name: zone, hwclock: local ? 'local' : 'UTC', available, filesAgree: true };
    }
    const field = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(out)?.[1]?.trim() ?? '';
    const link = field('localtime').replace(/^(\.\.)?\/usr\/share\/zoneinfo\//, '');
    const file = field('timezone');
    const zone = file || link;
    return { systemd: false, name: zone, hwclock: field('adjtime') === 'LOCAL' ? 'local' : 'UTC', available, filesAgree: file === link };
  },
  plan(state, args): Plan<TimezoneArgs> {
    if (args.name !== undefined && !state.available) throw new ModuleFailure(`given timezone "${args.name}" is not available`);
    const before = { name: state.name, hwclock: state.hwclock };
    const after = { name: args.name ?? state.name, hwclock: args.hwclock ?? state.hwclock };
    const nameChanges = args.name !== undefined && (args.name !== state.name || !state.filesAgree);
    const clockChanges = args.hwclock !== undefined && args.hwclock !== state.hwclock;
    if (!nameChanges && !clockChanges) return { changed: false };
    const text = (v: { name: string; hwclock: string }) => `name: ${v.name}\nhwclock: ${v.hwclock}\n`;
    const data = { ...(nameChanges ? { name: args.name } : {}), ...(clockChanges ? { hwclock: args.hwclock } : {}) };
    return { changed: true, data, diff: [{ before: text(before), after: text(after) }] };
  },
  async apply(ctx, _args, plan) {
    const { name, hwclock } = plan.data;
    const systemd = (await ctx.target.run('[ -d /run/systemd/system ] && command -v timedatectl >/dev/null')).code === 0;
    if (systemd) {
      if (name) await runOrFail(ctx, `timedatectl set-timezone ${shellQuote(name)}`, 'timedatectl set-timezone failed');
      if (hwclock) await runOrFail(ctx, `timedatectl set-local-rtc ${hwclock === 'local' ? 'yes' : 'no'}`, 'timedatectl set-local-rtc failed');
      return { changed: true };
    }
    const lines: string[] = [];
    if (name) {
      lines.push(`ln -sf ${shellQuote(`${ZONEINFO}/${name}`)} /etc/localtime`, `printf '%s\\n' ${shellQuote(name)} > /etc/timezone`);
      lines.push(
        'if command -v dpkg-reconfigure >/dev/null; then DEBIAN_FRONTEND=noninteractive dpkg-reconfigure --frontend noninteractive tzdata >/dev/null 2>&1 || true; fi',
      );
    }
    if (hwclock) {
      const mode = hwclock === 'local' ? 'LOCAL' : 'UTC';
      lines.push(`if [ -f /etc/adjtime ]; then sed -i '3s/.*/${mode}/' /etc/adjtime; else printf '0.0 0 0.0\\n0\\n${mode}\\n' > /etc/adjtime; fi`);
    }
    await runOrFail(ctx, lines.join('\n'), 'cannot set the time zone');
    return { changed: true };
  },
};
