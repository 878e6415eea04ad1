// Owner, group and mode: what differs from the desired values, and one command that sets them.
import { shellQuote } from '../../connection/connection.ts';
import type { Diff, ModuleContext } from '../module.ts';
import type { FileState } from './probe.ts';
import type { ModeSpec } from './mode.ts';
import { isSymbolicMode, resolveMode } from './mode.ts';
import { runOrFail } from './run.ts';

export interface AttributeArgs {
  mode?: ModeSpec;
  owner?: string;
  group?: string;
}

/** Only the attributes that must change; mode is always resolved to octal ('0644'). */
export interface AttributeChanges {
  mode?: string;
  owner?: string;
  group?: string;
}

/** Mode of a file that does not exist yet, for resolving symbolic modes (umask 022). */
function assumedMode(state: FileState, isDir: boolean): number {
  if (state.exists && state.mode) return Number.parseInt(state.mode, 8);
  return isDir ? 0o755 : 0o644;
}

export function fileAttributeChanges(state: FileState, desired: AttributeArgs, isDir = state.type === 'directory'): AttributeChanges {
  const changes: AttributeChanges = {};
  // Linux cannot change a symbolic link's own mode; Ansible leaves it alone too.
  if (desired.mode !== undefined && state.type !== 'link') {
    const target = resolveMode(desired.mode, assumedMode(state, isDir), isDir);
    if (!state.exists || state.mode !== target) changes.mode = target;
  }
  if (desired.owner !== undefined && !(state.exists && matchesId(desired.owner, state.owner, state.uid))) changes.owner = desired.owner;
  if (desired.group !== undefined && !(state.exists && matchesId(desired.group, state.group, state.gid))) changes.group = desired.group;
  return changes;
}

function matchesId(wanted: string, name?: string, id?: number): boolean {
  return wanted === name || (/^\d+$/.test(wanted) && Number(wanted) === id);
}

export function hasAttributeChanges(changes: AttributeChanges): boolean {
  return changes.mode !== undefined || changes.owner !== undefined || changes.group !== undefined;
}

export interface AttributeCommandOptions {
  recurse?: boolean;
  /** For symbolic links: change the link's owner, not its target's. */
  noDereference?: boolean;
  /** With recurse: links met inside the tree change their targets (Ansible's follow: yes). */
  followLinks?: boolean;
}

/** One shell command (possibly ':') that applies `changes` to `path`. */
export function attributesCommand(path: string, changes: AttributeChanges | AttributeArgs, opts: AttributeCommandOptions = {}): string {
  if (opts.recurse && opts.followLinks) return followingTreeCommand(path, changes);
  const flags = `${opts.recurse ? '-R ' : ''}${opts.noDereference ? '-h ' : ''}`;
  const parts: string[] = [];
  const owner = changes.owner ?? '';
  const group = changes.group !== undefined ? `:${changes.group}` : '';
  if (owner || group) parts.push(`chown ${flags}${shellQuote(owner + group)} -- ${shellQuote(path)}`);
  if (changes.mode !== undefined && !opts.noDereference) {
    // Octal modes in any accepted spelling become '0644'; symbolic ones go to chmod as written.
    const mode = isSymbolicMode(changes.mode) ? String(changes.mode) : resolveMode(changes.mode, 0, false);
    parts.push(`chmod ${opts.recurse ? '-R ' : ''}${shellQuote(mode)} -- ${shellQuote(path)}`);
  }
  return parts.length ? parts.join(' && ') : ':';
}

export async function applyAttributes(ctx: ModuleContext, path: string, changes: AttributeChanges, opts: AttributeCommandOptions = {}): Promise<void> {
  if (!hasAttributeChanges(changes)) return;
  await runOrFail(ctx, attributesCommand(path, changes, opts), `cannot set owner/group/mode of ${path}`);
}

/** YAML-ish before/after text of the attributes that change. */
export function attributeDiff(state: FileState, changes: AttributeChanges): Diff {
  const keys = (['mode', 'owner', 'group'] as const).filter((k) => changes[k] !== undefined);
  const before = keys.map((k) => `${k}: ${state[k] ?? ''}\n`).join('');
  const after = keys.map((k) => `${k}: ${changes[k]}\n`).join('');
  return { before: `path: ${state.path}\n${before}`, after: `path: ${state.path}\n${after}`, before_header: state.path, after_header: state.path };
}

/** chmod -R skips links; find -L hands every followed entry (not dangling links) to chown/chmod. */
function followingTreeCommand(path: string, changes: AttributeChanges | AttributeArgs): string {
  const start = shellQuote(path.startsWith('-') ? `./${path}` : path);
  const parts: string[] = [];
  const owner = changes.owner ?? '';
  const group = changes.group !== undefined ? `:${changes.group}` : '';
  if (owner || group) parts.push(`find -L ${start} ! -type l -exec chown ${shellQuote(owner + group)} {} +`);
  if (changes.mode !== undefined) {
    const mode = isSymbolicMode(changes.mode) ? String(changes.mode) : resolveMode(changes.mode, 0, false);
    parts.push(`find -L ${start} ! -type l -exec chmod ${shellQuote(mode)} {} +`);
  }
  return parts.length ? parts.join(' && ') : ':';
}
