// stat: reports a path's state (never changes anything). `checksum` is sha256, not Ansible's
// default sha1: sha256sum is what Debian ships in coreutils and what copy compares.
import { posix } from 'node:path';
import type { ModuleDefinition } from '../module.ts';
import type { FileState } from '../lib/probe.ts';
import { probeFile } from '../lib/probe.ts';

/** After alias folding (dest, name -> path). */
export interface StatArgs {
  path: string;
  follow?: boolean;
  get_checksum?: boolean;
  checksum_algorithm?: 'sha256';
  get_mime?: boolean;
  get_attributes?: boolean;
}

export function statResult(state: FileState, path: string): Record<string, unknown> {
  if (!state.exists) return { exists: false, path };
  return {
    exists: true,
    path,
    isdir: state.type === 'directory',
    isreg: state.type === 'file',
    islnk: state.type === 'link',
    mode: state.mode,
    uid: state.uid,
    gid: state.gid,
    owner: state.owner,
    group: state.group,
    pw_name: state.owner,
    gr_name: state.group,
    size: state.size,
    mtime: state.mtime,
    nlink: state.links,
    ...(state.sha256 ? { checksum: state.sha256 } : {}),
    ...(state.linkTarget !== undefined ? { lnk_target: state.linkTarget, lnk_source: posix.resolve(posix.dirname(path), state.linkTarget) } : {}),
  };
}

export const statModule: ModuleDefinition<StatArgs, FileState> = {
  name: 'stat',
  aliases: { dest: 'path', name: 'path' },
  argsSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      follow: { type: 'boolean' },
      get_checksum: { type: 'boolean' },
      checksum_algorithm: { enum: ['sha256'] },
      // Accepted for playbook compatibility; warren does not report mime types or attributes.
      get_mime: { type: 'boolean' },
      get_attributes: { type: 'boolean' },
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
    additionalProperties: false,
  },
  probe(ctx, args) {
    return probeFile(ctx, args.path, { follow: args.follow === true, checksum: args.get_checksum !== false });
  },
  plan(state) {
    return { changed: false, result: { stat: statResult(state, state.path) } };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
