// user and group: one getent round trip, then useradd/usermod/userdel (groupadd/groupmod/groupdel).
import { shellQuote } from '../../connection/connection.ts';
import { splitSections } from '../../core/sections.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';
import {
  parseGroupLine,
  parseUserProbe,
  planGroupWork,
  planUserWork,
  userDiff,
  type GroupArgs,
  type UserAccount,
  type UserArgs,
  type UserWork,
} from './user-plan.ts';

const ACCOUNT_NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;

function checkName(kind: string, name: string): void {
  if (!ACCOUNT_NAME.test(name) || name.length > 32) throw new ModuleFailure(`'${name}' is not a valid ${kind} name`);
}

interface AccountCommand {
  command: string;
  argv: string[];
}

async function runAccountCommand(ctx: ModuleContext, command: string, argv: string[]): Promise<void> {
  await runOrFail(ctx, `${command} ${argv.map(shellQuote).join(' ')}`, command);
}

export const userModule: ModuleDefinition<UserArgs, UserAccount | undefined, NonNullable<UserWork>> = {
  name: 'user',
  aliases: { createhome: 'create_home' },
  argsSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      state: { enum: ['present', 'absent'] },
      uid: { type: 'integer', minimum: 0 },
      group: { type: 'string', minLength: 1 },
      groups: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      append: { type: 'boolean' },
      shell: { type: 'string', minLength: 1 },
      home: { type: 'string', minLength: 1 },
      create_home: { type: 'boolean' },
      createhome: { type: 'boolean' },
      move_home: { type: 'boolean' },
      system: { type: 'boolean' },
      password: { type: 'string' },
      update_password: { enum: ['always', 'on_create'] },
      comment: { type: 'string' },
      remove: { type: 'boolean' },
      force: { type: 'boolean' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkName('user', args.name);
    const name = shellQuote(args.name);
    const script = [
      `echo '@@@ passwd'; getent passwd ${name}`,
      `echo '@@@ primary'; id -gn ${name} 2>/dev/null`,
      `echo '@@@ groups'; id -Gn ${name} 2>/dev/null`,
      args.password ? `echo '@@@ shadow'; getent shadow ${name} | cut -d: -f2` : '',
      `echo '@@@ end'`,
    ]
      .filter(Boolean)
      .join('\n');
    const r = await runOrFail(ctx, script, `reading user ${args.name}`);
    const s = splitSections(r.stdout);
    return parseUserProbe(s.get('passwd') ?? '', s.get('primary') ?? '', s.get('groups') ?? '', s.has('shadow') ? s.get('shadow') : undefined);
  },
  plan(current, args) {
    const work = planUserWork(current, args);
    const result = { name: args.name, state: args.state ?? 'present', ...(current ? { uid: current.uid, home: current.home, shell: current.shell } : {}) };
    if (!work) return { changed: false, result };
    return { changed: true, data: work, result, diff: [userDiff(current, work, args)] };
  },
  async apply(ctx, _args, plan) {
    await runAccountCommand(ctx, plan.data.command, plan.data.argv);
    return { ...plan.result, changed: true };
  },
};

export const groupModule: ModuleDefinition<GroupArgs, { gid: number } | undefined, AccountCommand> = {
  name: 'group',
  argsSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      gid: { type: 'integer', minimum: 0 },
      state: { enum: ['present', 'absent'] },
      system: { type: 'boolean' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkName('group', args.name);
    const r = await runOrFail(ctx, `getent group ${shellQuote(args.name)} || true`, `reading group ${args.name}`);
    return parseGroupLine(r.stdout);
  },
  plan(current, args) {
    const work = planGroupWork(current, args);
    const result = { name: args.name, state: args.state ?? 'present', ...(current ? { gid: current.gid } : {}) };
    if (!work) return { changed: false, result };
    const describe = (g: { gid: number } | undefined) => (g ? `gid: ${g.gid}\n` : 'absent\n');
    const after = work.command === 'groupdel' ? 'absent\n' : `gid: ${args.gid ?? '(assigned)'}\n`;
    return {
      changed: true,
      data: work,
      result,
      diff: [{ before: describe(current), after, before_header: `group ${args.name}`, after_header: `group ${args.name}` }],
    };
  },
  async apply(ctx, _args, plan) {
    await runAccountCommand(ctx, plan.data.command, plan.data.argv);
    return { ...plan.result, changed: true };
  },
};
