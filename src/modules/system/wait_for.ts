// wait_for: waits on the target (a POSIX loop; TCP checks with bash's /dev/tcp, else nc), so it
// sees what the host sees. It never changes anything, so it runs in check mode too, as Ansible.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

interface WaitForArgs {
  host?: string;
  port?: number;
  path?: string;
  state?: 'started' | 'stopped' | 'present' | 'absent' | 'drained';
  delay?: number;
  timeout?: number;
  connect_timeout?: number;
  sleep?: number;
  search_regex?: string;
  msg?: string;
}

const HOST = /^[A-Za-z0-9.:_-]+$/;

/** The shell test that is true once the awaited condition holds. */
export function waitCondition(args: WaitForArgs): string {
  const state = args.state ?? 'started';
  if (args.path !== undefined) {
    const path = shellQuote(args.path);
    const present = args.search_regex ? `grep -Eq ${shellQuote(args.search_regex)} ${path} 2>/dev/null` : `[ -e ${path} ]`;
    return state === 'absent' || state === 'stopped' ? `! ${present}` : present;
  }
  const host = args.host ?? '127.0.0.1';
  const port = String(args.port);
  const ct = String(args.connect_timeout ?? 5);
  if (state === 'drained') return `[ "$(ss -Htn state established '( sport = :${port} )' 2>/dev/null | wc -l)" -eq 0 ]`;
  const open = args.search_regex
    ? `timeout ${ct} bash -c 'exec 3<>/dev/tcp/${host}/${port} && timeout 2 cat <&3' 2>/dev/null | grep -Eq ${shellQuote(args.search_regex)}`
    : `if command -v bash >/dev/null 2>&1; then timeout ${ct} bash -c '</dev/tcp/${host}/${port}' 2>/dev/null; else nc -z -w ${ct} ${host} ${port} 2>/dev/null; fi`;
  return state === 'stopped' || state === 'absent' ? `! { ${open}; }` : `{ ${open}; }`;
}

export function waitScript(args: WaitForArgs): string {
  return [
    `sleep ${args.delay ?? 0}`,
    'start=$(date +%s)',
    `deadline=$((start + ${args.timeout ?? 300}))`,
    'while :; do',
    `  if ${waitCondition(args)}; then echo "elapsed=$(( $(date +%s) - start ))"; exit 0; fi`,
    '  [ "$(date +%s)" -ge "$deadline" ] && { echo "elapsed=$(( $(date +%s) - start ))"; exit 124; }',
    `  sleep ${args.sleep ?? 1}`,
    'done',
  ].join('\n');
}

function describe(args: WaitForArgs): string {
  return args.path !== undefined ? `file ${args.path}` : `${args.host ?? '127.0.0.1'}:${args.port}`;
}

async function waitFor(ctx: ModuleContext, args: WaitForArgs): Promise<Record<string, unknown>> {
  if (args.path === undefined && args.port === undefined && !args.delay) throw new ModuleFailure('wait_for needs port, path or delay');
  if (args.host !== undefined && !HOST.test(args.host)) throw new ModuleFailure(`'${args.host}' is not a valid host`);
  if (args.state === 'drained' && args.port === undefined) throw new ModuleFailure('state=drained needs a port');
  const r = await ctx.target.run(args.path === undefined && args.port === undefined ? `sleep ${args.delay}; echo elapsed=0` : waitScript(args));
  const elapsed = Number(/elapsed=(\d+)/.exec(r.stdout)?.[1] ?? 0) + (args.delay ?? 0);
  const result = {
    elapsed,
    state: args.state ?? 'started',
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.path !== undefined ? { path: args.path } : {}),
  };
  if (r.code === 124) throw new ModuleFailure(args.msg ?? `Timeout when waiting for ${describe(args)}`, result);
  if (r.code !== 0) throw new ModuleFailure(`wait_for failed: ${r.stderr.trim() || `exit code ${r.code}`}`, result);
  return result;
}

export const waitForModule: ModuleDefinition<WaitForArgs, Record<string, unknown>> = {
  name: 'wait_for',
  argsSchema: {
    type: 'object',
    properties: {
      host: { type: 'string', minLength: 1 },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      path: { type: 'string', minLength: 1 },
      state: { enum: ['started', 'stopped', 'present', 'absent', 'drained'] },
      delay: { type: 'number', minimum: 0 },
      timeout: { type: 'number', minimum: 0 },
      connect_timeout: { type: 'number', minimum: 1 },
      sleep: { type: 'number', minimum: 0 },
      search_regex: { type: 'string' },
      msg: { type: 'string' },
    },
    additionalProperties: false,
  },
  probe: waitFor,
  plan: (result) => ({ changed: false, result }),
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
