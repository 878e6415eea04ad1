// rabbitmq_user: a user with tags and per-vhost permissions (community.rabbitmq.rabbitmq_user's
// arguments). The state (tags, permissions, whether the password still works) is read in one
// `rabbitmqctl eval` (user-eval.ts); the password is set with add_user/change_password reading
// it on stdin: it is on no command line and in no result or diff.
import type { ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { ctl, ctlJson, parseJsonOutput, requireSection, runProbe, runSteps, toNameList, planDetails } from './cli.ts';
import type { CliSection, CliStep } from './cli.ts';
import { type LoginArgs, loginArgsProperties, managementLogin } from './broker-http.ts';
import { brokerState, passwordMatchesHash, type BrokerUser } from './broker-state.ts';
import { parseUserState, USER_STATE_COMMAND, userStateExpression } from './user-eval.ts';
import type { Permission } from './user-eval.ts';

export interface PermissionArgs {
  vhost?: string;
  configure_priv?: string;
  write_priv?: string;
  read_priv?: string;
}

export interface UserArgs extends PermissionArgs, LoginArgs {
  user: string;
  password?: string;
  tags?: string | string[];
  permissions?: PermissionArgs[];
  state?: 'present' | 'absent';
  update_password?: 'always' | 'on_create';
}

export interface UserState {
  missing: boolean;
  exists: boolean;
  tags: string[];
  permissions: Permission[];
  /** undefined when not checked (no password given, or update_password on_create) */
  passwordMatches?: boolean;
}

const PASSWORD_STEP = Symbol('password');

interface UserPlanData {
  steps: Array<CliStep | typeof PASSWORD_STEP>;
  passwordVerb: string;
}

/** list_users JSON; tags are a list in 3.8+ and a '[a, b]' string in older releases. */
export function parseUsers(output: string): Array<{ user: string; tags: string[] }> {
  const rows = parseJsonOutput<Array<{ user: string; tags: string[] | string }>>(output, 'list_users');
  return rows.map((r) => ({
    user: String(r.user),
    tags: (Array.isArray(r.tags) ? r.tags : toNameList(String(r.tags ?? '').replace(/^\[|\]$/g, ''))).map(String).sort(),
  }));
}

export function parsePermissions(output: string): Permission[] {
  const rows = parseJsonOutput<Permission[]>(output, 'list_user_permissions');
  return rows.map((r) => ({ vhost: String(r.vhost), configure: String(r.configure), write: String(r.write), read: String(r.read) }));
}

/** Ansible's defaults: one vhost ('/') with no rights ('^$') unless permissions are listed. */
export function desiredPermissions(args: UserArgs): Permission[] {
  const list = args.permissions && args.permissions.length > 0 ? args.permissions : [args];
  return list.map((p) => ({ vhost: p.vhost ?? '/', configure: p.configure_priv ?? '^$', write: p.write_priv ?? '^$', read: p.read_priv ?? '^$' }));
}

function samePermission(a: Permission, b: Permission): boolean {
  return a.configure === b.configure && a.write === b.write && a.read === b.read;
}

function permissionsText(list: Permission[]): Record<string, string> {
  return Object.fromEntries(
    [...list]
      .sort((a, b) => a.vhost.localeCompare(b.vhost))
      .map((p) => [`permissions[${p.vhost}]`, `configure=${p.configure} write=${p.write} read=${p.read}`]),
  );
}

export function planUser(state: UserState, args: UserArgs): Plan<UserPlanData> {
  const wanted = args.state ?? 'present';
  const steps: Array<CliStep | typeof PASSWORD_STEP> = [];
  const header = `user ${args.user}`;
  const before = state.exists
    ? { user: args.user, state: 'present', tags: state.tags.join(','), ...permissionsText(state.permissions) }
    : { user: args.user, state: 'absent' };
  let after: Record<string, unknown> = before;
  if (wanted === 'absent') {
    if (state.exists) steps.push({ command: ctl('delete_user', args.user) });
    after = { user: args.user, state: 'absent' };
  } else {
    const tags = toNameList(args.tags).sort();
    const perms = desiredPermissions(args);
    let passwordNote: string | undefined;
    if (!state.exists) {
      steps.push(PASSWORD_STEP);
      if (args.password === undefined) steps.push({ command: ctl('clear_password', args.user) });
      passwordNote = 'set';
    } else if (args.password !== undefined && args.update_password === 'always' && state.passwordMatches === false) {
      steps.push(PASSWORD_STEP);
      passwordNote = 'changed';
    }
    if (tags.join(',') !== (state.exists ? state.tags.join(',') : '')) steps.push({ command: ctl('set_user_tags', args.user, ...tags) });
    const current = state.exists ? state.permissions : [];
    for (const p of perms) {
      const have = current.find((c) => c.vhost === p.vhost);
      if (!have || !samePermission(have, p)) steps.push({ command: ctl('set_permissions', '-p', p.vhost, args.user, p.configure, p.write, p.read) });
    }
    for (const c of current) {
      if (!perms.some((p) => p.vhost === c.vhost)) steps.push({ command: ctl('clear_permissions', '-p', c.vhost, args.user) });
    }
    after = {
      user: args.user,
      state: 'present',
      tags: tags.join(','),
      ...permissionsText(perms),
      ...(passwordNote ? { password: `(${passwordNote}, not shown)` } : {}),
    };
  }
  const changed = steps.length > 0;
  // The password itself is attached at apply time; the plan (and any log of it) never holds it.
  const data = { steps, passwordVerb: state.exists ? 'change_password' : 'add_user' };
  return {
    changed,
    data,
    result: { user: args.user, state: wanted },
    ...planDetails(changed, header, before, after, state.missing),
  };
}

function checksPassword(args: UserArgs): boolean {
  return args.password !== undefined && args.update_password === 'always' && (args.state ?? 'present') === 'present';
}

/** The probe with one command each: users, this user's permissions and (when asked) whether the password still works. */
export function userProbeSections(args: UserArgs): CliSection[] {
  const sections: CliSection[] = [
    { key: 'users', command: ctlJson('list_users') },
    { key: 'permissions', command: ctlJson('list_user_permissions', args.user) },
  ];
  if (checksPassword(args)) sections.push({ key: 'auth', command: ctl('authenticate_user', args.user), readsStdin: true });
  return sections;
}

/**
 * Three VMs: used when the one-eval probe gives no usable answer (another RabbitMQ release, or
 * a node that does not answer: these commands' own errors are the ones to report).
 */
async function probeUserWithCommands(ctx: ModuleContext, args: UserArgs): Promise<UserState> {
  const sections = userProbeSections(args);
  const needsStdin = sections.some((s) => s.readsStdin);
  const probe = await runProbe(ctx, sections, needsStdin ? `${args.password}\n` : undefined);
  if (probe.missing) return MISSING_USER_STATE;
  const user = parseUsers(requireSection(probe, 'users', 'rabbitmqctl list_users')).find((u) => u.user === args.user);
  if (!user) return { missing: false, exists: false, tags: [], permissions: [] };
  const permissions = parsePermissions(requireSection(probe, 'permissions', 'rabbitmqctl list_user_permissions'));
  const auth = probe.sections.auth;
  return { missing: false, exists: true, tags: user.tags, permissions, ...(auth ? { passwordMatches: auth.rc === 0 } : {}) };
}

/** The user's state from the broker's; undefined when the password's hashing is not one checked here. */
function userFromBroker(user: BrokerUser | undefined, args: UserArgs): UserState | undefined {
  if (!user) return { missing: false, exists: false, tags: [], permissions: [] };
  const state: UserState = { missing: false, exists: true, tags: user.tags, permissions: user.permissions };
  if (!checksPassword(args)) return state;
  const matches = passwordMatchesHash(user, args.password ?? '');
  return matches === undefined ? undefined : { ...state, passwordMatches: matches };
}

const MISSING_USER_STATE: UserState = { missing: true, exists: false, tags: [], permissions: [] };

export const rabbitmqUser: ModuleDefinition<UserArgs, UserState, UserPlanData> = {
  name: 'rabbitmq_user',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['user'],
    properties: {
      user: { type: 'string', minLength: 1 },
      password: { type: 'string' },
      tags: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      vhost: { type: 'string', minLength: 1 },
      configure_priv: { type: 'string' },
      write_priv: { type: 'string' },
      read_priv: { type: 'string' },
      permissions: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            vhost: { type: 'string', minLength: 1 },
            configure_priv: { type: 'string' },
            write_priv: { type: 'string' },
            read_priv: { type: 'string' },
          },
        },
      },
      state: { enum: ['present', 'absent'] },
      update_password: { enum: ['always', 'on_create'] },
      ...loginArgsProperties,
    },
  },
  async probe(ctx, args) {
    const broker = await brokerState(ctx, managementLogin(args));
    if (broker.missing) return MISSING_USER_STATE;
    const known = broker.users && userFromBroker(broker.users.get(args.user), args);
    if (known) return known;
    const expression = userStateExpression(args.user, checksPassword(args) ? args.password : undefined);
    const probe = await runProbe(ctx, [{ key: 'state', command: USER_STATE_COMMAND, readsStdin: true }], expression);
    if (probe.missing) return MISSING_USER_STATE;
    const evaluated = parseUserState(probe.sections.state?.output ?? '');
    return evaluated ? { missing: false, ...evaluated } : probeUserWithCommands(ctx, args);
  },
  plan: planUser,
  async apply(ctx, args, plan) {
    const { steps, passwordVerb } = plan.data;
    const real: CliStep[] = steps.map((s) => (s === PASSWORD_STEP ? { command: ctl(passwordVerb, args.user), stdin: args.password ?? '' } : s));
    await runSteps(ctx, real, `rabbitmq_user ${args.user}`);
    return { changed: true, ...plan.result };
  },
};
