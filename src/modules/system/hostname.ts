// hostname: /etc/hostname (atomic) + the running name; `use: systemd` goes through hostnamectl.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';

interface HostnameArgs {
  name: string;
  use?: 'systemd' | 'debian' | 'generic';
}

interface HostnameState {
  running: string;
  file: string;
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

export const hostnameModule: ModuleDefinition<HostnameArgs, HostnameState> = {
  name: 'hostname',
  returns: 'gathered-facts',
  argsSchema: {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1 }, use: { enum: ['systemd', 'debian', 'generic'] } },
    required: ['name'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    if (!HOSTNAME.test(args.name) || args.name.length > 253) throw new ModuleFailure(`'${args.name}' is not a valid host name`);
    const r = await runOrFail(ctx, "hostname; echo '@@@'; cat /etc/hostname 2>/dev/null; true", 'reading the host name');
    const [running = '', file = ''] = r.stdout.split('@@@\n');
    return { running: running.trim(), file: file.trim() };
  },
  plan(state, args) {
    const changed = state.running !== args.name || state.file !== args.name;
    const facts = { ansible_facts: { hostname: args.name.split('.')[0], nodename: args.name } };
    return {
      changed,
      result: { name: args.name, ...(changed ? facts : {}) },
      ...(changed
        ? {
            diff: [
              { before: `hostname = ${state.running}\n/etc/hostname = ${state.file}\n`, after: `hostname = ${args.name}\n/etc/hostname = ${args.name}\n` },
            ],
          }
        : {}),
    };
  },
  async apply(ctx, args, plan) {
    const name = shellQuote(args.name);
    const viaFile = `printf '%s\\n' ${name} > /etc/hostname.warren-tmp && mv -f /etc/hostname.warren-tmp /etc/hostname && hostname ${name}`;
    const script = args.use === 'systemd' ? `hostnamectl set-hostname ${name} 2>/dev/null || { ${viaFile}; }` : viaFile;
    await runOrFail(ctx, script, `setting the host name to ${args.name}`);
    return { ...plan.result, changed: true };
  },
};
