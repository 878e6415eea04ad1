// service_facts: every systemd service as ansible_facts.services, shaped as Ansible's:
// name -> {name, state (running, stopped, ...), status (enabled, disabled, static, ...), source}.
// Two systemctl listings in one round trip, plus one `systemctl show` for unit files that have
// no loaded unit; on a host not booted with systemd, `service --status-all` (source sysv), as
// Ansible falls back. Read-only.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';

export interface ServiceFact {
  name: string;
  state: string;
  status: string;
  source: 'systemd' | 'sysv';
}

/** `service --status-all` lines: ` [ + ]  name` running, `[ - ]` stopped, `[ ? ]` unknown. */
export function parseSysvStatus(out: string): Record<string, ServiceFact> {
  const services: Record<string, ServiceFact> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*\[\s*([+?-])\s*\]\s+(\S+)/.exec(line);
    if (!m) continue;
    const state = m[1] === '+' ? 'running' : m[1] === '-' ? 'stopped' : 'unknown';
    services[m[2]!] = { name: m[2]!, state, status: 'unknown', source: 'sysv' };
  }
  return services;
}

export function parseServiceListings(units: string, unitFiles: string): { services: Record<string, ServiceFact>; unloaded: string[] } {
  const services: Record<string, ServiceFact> = {};
  for (const line of units.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || !fields[0]!.includes('.service')) continue;
    services[fields[0]!] = { name: fields[0]!, state: fields[3] === 'running' ? 'running' : 'stopped', status: 'unknown', source: 'systemd' };
  }
  const unloaded: string[] = [];
  for (const line of unitFiles.split('\n')) {
    if (!line.includes('.service')) continue;
    const [name, status] = line.trim().split(/\s+/);
    if (!name || !status) continue;
    if (services[name]) services[name]!.status = status;
    else {
      services[name] = { name, state: 'unknown', status, source: 'systemd' };
      unloaded.push(name);
    }
  }
  return { services, unloaded };
}

export const serviceFactsModule: ModuleDefinition<Record<string, never>, Record<string, unknown>> = {
  name: 'service_facts',
  argsSchema: { type: 'object', description: 'Return the state of every service as ansible_facts.services.', properties: {}, additionalProperties: false },
  async probe(ctx) {
    const sep = '==warren-unit-files==';
    const res = await ctx.target.run(
      `if [ ! -d /run/systemd/system ]; then command -v service >/dev/null || exit 127; echo sysv; service --status-all 2>&1; exit 0; fi; systemctl list-units --no-pager --type service --all --no-legend --plain; echo ${sep}; systemctl list-unit-files --no-pager --type service --all --no-legend`,
    );
    if (res.code === 127) throw new ModuleFailure('service_facts: neither systemd nor the service command on the host');
    if (res.stdout.startsWith('sysv\n')) return { ansible_facts: { services: parseSysvStatus(res.stdout) } };
    const [units, unitFiles] = res.stdout.split(`${sep}\n`);
    const { services, unloaded } = parseServiceListings(units ?? '', unitFiles ?? '');
    // Templates (foo@.service) have no state of their own.
    const ask = unloaded.filter((n) => !n.endsWith('@.service'));
    if (ask.length) {
      const shown = await runOrFail(ctx, `systemctl show --property=Id,ActiveState ${ask.map(shellQuote).join(' ')}`, 'systemctl show failed');
      for (const block of shown.stdout.split(/\n\n+/)) {
        const id = /^Id=(.*)$/m.exec(block)?.[1];
        const state = /^ActiveState=(.*)$/m.exec(block)?.[1];
        if (id && state && services[id]) services[id]!.state = state;
      }
    }
    return { ansible_facts: { services } };
  },
  plan(result) {
    return { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
