// Pure parts of user and group: getent output -> current account -> useradd/usermod/userdel arguments.
import type { Diff } from '../module.ts';

export interface UserArgs {
  name: string;
  state?: 'present' | 'absent';
  uid?: number;
  group?: string;
  groups?: string | string[];
  append?: boolean;
  shell?: string;
  home?: string;
  create_home?: boolean;
  move_home?: boolean;
  system?: boolean;
  password?: string;
  update_password?: 'always' | 'on_create';
  comment?: string;
  remove?: boolean;
  force?: boolean;
}

export interface UserAccount {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
  primaryGroup: string;
  groups: string[]; // supplementary, by name
  passwordHash?: string;
}

/** `getent passwd NAME` line + `id -gn` + `id -Gn` (+ shadow hash) -> account, or undefined. */
export function parseUserProbe(passwd: string, primaryGroup: string, allGroups: string, shadowHash?: string): UserAccount | undefined {
  const fields = passwd.trim().split(':');
  if (fields.length < 7) return undefined;
  const [name, , uid, gid, comment, home, shell] = fields;
  const primary = primaryGroup.trim();
  return {
    name,
    uid: Number(uid),
    gid: Number(gid),
    comment,
    home,
    shell,
    primaryGroup: primary,
    groups: allGroups
      .trim()
      .split(/\s+/)
      .filter((g) => g && g !== primary),
    ...(shadowHash !== undefined ? { passwordHash: shadowHash.trim() } : {}),
  };
}

export function requestedGroups(groups: UserArgs['groups']): string[] | undefined {
  if (groups === undefined) return undefined;
  return (Array.isArray(groups) ? groups : groups.split(',')).map((g) => g.trim()).filter(Boolean);
}

export type UserWork = { command: 'useradd' | 'usermod' | 'userdel'; argv: string[] } | undefined;

function groupMatches(current: UserAccount, group: string): boolean {
  return /^\d+$/.test(group) ? current.gid === Number(group) : current.primaryGroup === group;
}

export function planUserWork(current: UserAccount | undefined, args: UserArgs): UserWork {
  if ((args.state ?? 'present') === 'absent') {
    return current ? { command: 'userdel', argv: [...(args.remove ? ['-r'] : []), ...(args.force ? ['-f'] : []), args.name] } : undefined;
  }
  const groups = requestedGroups(args.groups);
  if (!current) {
    const argv: string[] = [];
    if (args.uid !== undefined) argv.push('-u', String(args.uid));
    if (args.group) argv.push('-g', args.group);
    if (groups?.length) argv.push('-G', groups.join(','));
    if (args.shell) argv.push('-s', args.shell);
    if (args.home) argv.push('-d', args.home);
    if (args.comment !== undefined) argv.push('-c', args.comment);
    if (args.system) argv.push('-r');
    if (args.password) argv.push('-p', args.password);
    argv.push(args.create_home === false ? '-M' : '-m', args.name);
    return { command: 'useradd', argv };
  }
  const argv: string[] = [];
  if (args.uid !== undefined && current.uid !== args.uid) argv.push('-u', String(args.uid));
  if (args.group && !groupMatches(current, args.group)) argv.push('-g', args.group);
  if (groups) {
    const missing = groups.filter((g) => !current.groups.includes(g));
    if (args.append) {
      if (missing.length) argv.push('-a', '-G', missing.join(','));
    } else if (missing.length || current.groups.some((g) => !groups.includes(g))) {
      argv.push('-G', groups.join(','));
    }
  }
  if (args.shell && current.shell !== args.shell) argv.push('-s', args.shell);
  if (args.home && current.home !== args.home) argv.push('-d', args.home, ...(args.move_home ? ['-m'] : []));
  if (args.comment !== undefined && current.comment !== args.comment) argv.push('-c', args.comment);
  if (args.password && (args.update_password ?? 'always') === 'always' && current.passwordHash !== args.password) argv.push('-p', args.password);
  return argv.length ? { command: 'usermod', argv: [...argv, args.name] } : undefined;
}

export function describeUser(account: UserAccount | undefined): string {
  if (!account) return 'absent\n';
  return `${[
    `uid: ${account.uid}`,
    `group: ${account.primaryGroup}`,
    `groups: ${account.groups.join(',')}`,
    `home: ${account.home}`,
    `shell: ${account.shell}`,
    `comment: ${account.comment}`,
  ].join('\n')}\n`;
}

/** before/after text; a password change shows only as "password: changed". */
export function userDiff(current: UserAccount | undefined, work: NonNullable<UserWork>, args: UserArgs): Diff {
  let after: string;
  if (work.command === 'userdel') after = 'absent\n';
  else {
    const base: UserAccount = current ?? {
      name: args.name,
      uid: args.uid ?? -1,
      gid: -1,
      comment: args.comment ?? '',
      home: args.home ?? `/home/${args.name}`,
      shell: args.shell ?? '/bin/sh',
      primaryGroup: args.group ?? args.name,
      groups: [],
    };
    const groups = requestedGroups(args.groups);
    after = describeUser({
      ...base,
      uid: args.uid ?? base.uid,
      primaryGroup: args.group ?? base.primaryGroup,
      groups: groups ? (args.append ? [...new Set([...base.groups, ...groups])] : groups) : base.groups,
      home: args.home ?? base.home,
      shell: args.shell ?? base.shell,
      comment: args.comment ?? base.comment,
    }).replace('uid: -1', 'uid: (assigned)');
    if (work.argv.includes('-p')) after += 'password: changed\n';
  }
  return { before: describeUser(current), after, before_header: `user ${args.name}`, after_header: `user ${args.name}` };
}

export interface GroupArgs {
  name: string;
  gid?: number;
  state?: 'present' | 'absent';
  system?: boolean;
}

/** `getent group NAME` -> gid, or undefined when absent */
export function parseGroupLine(line: string): { name: string; gid: number } | undefined {
  const [name, , gid] = line.trim().split(':');
  return name && gid !== undefined ? { name, gid: Number(gid) } : undefined;
}

export function planGroupWork(
  current: { gid: number } | undefined,
  args: GroupArgs,
): { command: 'groupadd' | 'groupmod' | 'groupdel'; argv: string[] } | undefined {
  if ((args.state ?? 'present') === 'absent') return current ? { command: 'groupdel', argv: [args.name] } : undefined;
  if (!current) return { command: 'groupadd', argv: [...(args.gid !== undefined ? ['-g', String(args.gid)] : []), ...(args.system ? ['-r'] : []), args.name] };
  if (args.gid !== undefined && current.gid !== args.gid) return { command: 'groupmod', argv: ['-g', String(args.gid), args.name] };
  return undefined;
}
