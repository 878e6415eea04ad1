// stat: reports a path's state (never changes anything), with Ansible's fields: the checksum is
// sha1 unless checksum_algorithm says otherwise, times carry their fractions, and the mime type
// comes from `file` as in Ansible (one more process, skipped with get_mime: false).
import { posix } from 'node:path';
import type { ModuleDefinition } from '../module.ts';
import type { ChecksumAlgorithm, FileDetails, FileState } from '../lib/probe.ts';
import { CHECKSUM_ALGORITHMS, probeFile } from '../lib/probe.ts';

/** After alias folding (dest, name -> path; checksum, checksum_algo -> checksum_algorithm). */
export interface StatArgs {
  path: string;
  follow?: boolean;
  get_checksum?: boolean;
  checksum_algorithm?: ChecksumAlgorithm;
  get_mime?: boolean;
  get_attributes?: boolean;
  get_md5?: boolean;
}

const S_IFMT = 0o170000;

/** The mode bits Ansible spells out (wusr, isuid, ischr, ...). */
function modeFlags(raw: number): Record<string, boolean> {
  const type = raw & S_IFMT;
  return {
    ischr: type === 0o020000,
    isblk: type === 0o060000,
    isfifo: type === 0o010000,
    issock: type === 0o140000,
    wusr: (raw & 0o200) !== 0,
    rusr: (raw & 0o400) !== 0,
    xusr: (raw & 0o100) !== 0,
    wgrp: (raw & 0o020) !== 0,
    rgrp: (raw & 0o040) !== 0,
    xgrp: (raw & 0o010) !== 0,
    woth: (raw & 0o002) !== 0,
    roth: (raw & 0o004) !== 0,
    xoth: (raw & 0o001) !== 0,
    isuid: (raw & 0o4000) !== 0,
    isgid: (raw & 0o2000) !== 0,
  };
}

function detailFields(d: FileDetails): Record<string, unknown> {
  return {
    ...modeFlags(d.rawMode),
    inode: d.inode,
    dev: d.dev,
    atime: d.atime,
    mtime: d.mtime,
    ctime: d.ctime,
    blocks: d.blocks,
    block_size: d.blockSize,
    device_type: d.rdev,
    readable: d.readable,
    writeable: d.writeable,
    executable: d.executable,
    ...(d.mimetype !== undefined ? { mimetype: d.mimetype, charset: d.charset } : {}),
  };
}

export function statResult(state: FileState, path: string, args: Partial<StatArgs> = {}): Record<string, unknown> {
  if (!state.exists) return { exists: false, path };
  const checksum = args.get_checksum === false ? undefined : (state.digest ?? state.sha256);
  const readable = state.details?.readable !== false;
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
    ...(state.details ? detailFields(state.details) : {}),
    ...(checksum && readable ? { checksum } : {}),
    ...(args.get_mime !== false && state.details && state.details.mimetype === undefined ? { mimetype: 'unknown', charset: 'unknown' } : {}),
    // warren reads no ext2 attributes: the values Ansible gives where lsattr is missing
    ...(args.get_attributes !== false && state.details ? { version: null, attributes: [], attr_flags: '' } : {}),
    ...(state.linkTarget !== undefined ? { lnk_target: state.linkTarget, lnk_source: posix.resolve(posix.dirname(path), state.linkTarget) } : {}),
  };
}

export const statModule: ModuleDefinition<StatArgs, FileState> = {
  name: 'stat',
  aliases: { dest: 'path', name: 'path', checksum: 'checksum_algorithm', checksum_algo: 'checksum_algorithm', mime: 'get_mime', attributes: 'get_attributes' },
  argsSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      follow: { type: 'boolean' },
      get_checksum: { type: 'boolean' },
      checksum_algorithm: { enum: [...CHECKSUM_ALGORITHMS] },
      checksum: { enum: [...CHECKSUM_ALGORITHMS] },
      checksum_algo: { enum: [...CHECKSUM_ALGORITHMS] },
      get_mime: { type: 'boolean' },
      mime: { type: 'boolean' },
      get_attributes: { type: 'boolean' },
      attributes: { type: 'boolean' },
      get_md5: { type: 'boolean' },
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
    additionalProperties: false,
  },
  probe(ctx, args) {
    return probeFile(ctx, args.path, {
      follow: args.follow === true,
      checksum: false,
      ...(args.get_checksum !== false ? { checksumAlgorithm: args.checksum_algorithm ?? 'sha1' } : {}),
      details: true,
      mime: args.get_mime !== false,
    });
  },
  plan(state, args) {
    return { changed: false, result: { stat: statResult(state, state.path, args) } };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
