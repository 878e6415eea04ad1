// get_url: downloads a URL on the host (curl there) to a path, as Ansible's get_url: an existing
// file is kept unless force or a checksum says otherwise; the download is compared by sha1 with
// the file in place and installed atomically with mode/owner/group. The probe downloads to a
// temp file (removed at once) to compare, as Ansible does in check mode; apply downloads again.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { type AttributeChanges, applyAttributes, fileAttributeChanges, hasAttributeChanges } from '../lib/attributes.ts';
import { installScript } from '../lib/install.ts';
import type { ModeSpec } from '../lib/mode.ts';
import { type FileState, probeFile } from '../lib/probe.ts';
import { runOrFail } from '../lib/run.ts';
import { type HttpRequest, httpFromHost } from './curl.ts';

export interface GetUrlArgs {
  url: string;
  dest: string;
  force?: boolean;
  checksum?: string;
  mode?: ModeSpec;
  owner?: string;
  group?: string;
  backup?: boolean;
  headers?: Record<string, unknown>;
  url_username?: string;
  url_password?: string;
  force_basic_auth?: boolean;
  validate_certs?: boolean;
  timeout?: number;
  tmp_dest?: string;
}

interface GetUrlState {
  dest: string;
  file: FileState;
  checksumDest?: string;
  checksumSrc?: string;
  /** the file in place is kept without downloading */
  keep?: string;
  status?: number;
  url: string;
}

interface GetUrlData {
  dest: string;
  download: boolean;
  checksumSrc?: string;
  attributes: AttributeChanges;
}

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

function parseChecksum(spec: string | undefined): { algorithm: string; digest: string } | undefined {
  if (!spec) return undefined;
  const [algorithm, ...rest] = spec.split(':');
  const digest = rest.join(':').trim().toLowerCase();
  if (!ALGORITHMS.includes(algorithm!.toLowerCase()) || !digest)
    throw new ModuleFailure(`The checksum parameter has to be in format <algorithm>:<checksum>: ${spec}`);
  if (/^https?:|^ftp:|^file:/.test(digest)) throw new ModuleFailure('get_url: a checksum given as a URL is not supported by warren; give the digest');
  return { algorithm: algorithm!.toLowerCase(), digest };
}

async function digestOf(ctx: ModuleContext, path: string, algorithm: string): Promise<string | undefined> {
  const res = await ctx.target.run(`${algorithm}sum < ${shellQuote(path)} 2>/dev/null`);
  return res.code === 0 ? res.stdout.split(' ')[0]!.trim() : undefined;
}

function request(args: GetUrlArgs, outFile: string): HttpRequest {
  return {
    url: args.url,
    headers: Object.fromEntries(Object.entries(args.headers ?? {}).map(([k, v]) => [k, String(v)])),
    username: args.url_username,
    password: args.url_password,
    forceBasicAuth: args.force_basic_auth,
    timeoutSeconds: args.timeout ?? 10,
    validateCerts: args.validate_certs,
    outFile,
  };
}

/** Downloads to outFile; a failed transfer or an HTTP error status is a ModuleFailure. */
async function download(ctx: ModuleContext, args: GetUrlArgs, outFile: string): Promise<number> {
  const res = await httpFromHost(ctx, request(args, outFile));
  // file:// and ftp:// transfers have no HTTP status; curl's exit code alone tells (Ansible accepts them too)
  if (!res.curlError && res.status < 0 && !/^https?:/i.test(args.url)) return 0;
  if (res.curlError || res.status >= 400 || res.status < 0) {
    await ctx.target.run(`rm -f -- ${shellQuote(outFile)}`);
    throw new ModuleFailure(`Request failed${res.status > 0 ? `: HTTP Error ${res.status}` : `: ${res.curlError}`}`, {
      status_code: res.status,
      url: args.url,
    });
  }
  return res.status;
}

export const getUrlModule: ModuleDefinition<GetUrlArgs, GetUrlState, GetUrlData> = {
  name: 'get_url',
  aliases: { username: 'url_username', password: 'url_password' },
  argsSchema: {
    type: 'object',
    description: 'Download a URL on the host (with its curl) to a file.',
    properties: {
      url: { type: 'string', minLength: 1, description: 'http(s) or ftp URL' },
      dest: { type: 'string', minLength: 1, description: 'the file, or a directory to put it in under its URL name' },
      force: { type: 'boolean', default: false, description: 'download even when dest exists' },
      checksum: { type: 'string', description: 'algorithm:digest the download must have; a matching dest is not downloaded again' },
      mode: { type: ['string', 'integer'] },
      owner: { type: 'string' },
      group: { type: 'string' },
      backup: { type: 'boolean', default: false },
      headers: { type: 'object' },
      url_username: { type: 'string', description: 'basic auth user (alias: username)' },
      username: { type: 'string' },
      url_password: { type: 'string', description: 'basic auth password (alias: password); sent to curl on stdin' },
      password: { type: 'string' },
      force_basic_auth: { type: 'boolean', default: false },
      validate_certs: { type: 'boolean', default: true },
      timeout: { type: 'number', default: 10, description: 'seconds' },
      tmp_dest: { type: 'string', description: 'where the comparison download goes (default /tmp)' },
    },
    required: ['url', 'dest'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const wanted = parseChecksum(args.checksum);
    let dest = args.dest;
    let file = await probeFile(ctx, dest, { follow: true });
    if (file.type === 'directory' || dest.endsWith('/')) {
      const name = posix.basename(new URL(args.url).pathname) || 'index.html';
      dest = posix.join(dest, name);
      file = await probeFile(ctx, dest, { follow: true });
    }
    const base = { dest, file, url: args.url };
    if (file.exists && wanted) {
      const have = await digestOf(ctx, dest, wanted.algorithm);
      if (have === wanted.digest) return { ...base, keep: 'checksum matches' };
    } else if (file.exists && !args.force) return { ...base, keep: 'file already exists' };
    if (!file.exists) {
      const dir = await probeFile(ctx, posix.dirname(dest));
      if (!dir.exists) throw new ModuleFailure(`Destination ${posix.dirname(dest)} does not exist`, { dest });
    }
    const temp = posix.join(args.tmp_dest ?? '/tmp', `.warren-get_url-${randomBytes(8).toString('hex')}`);
    try {
      const status = await download(ctx, args, temp);
      const checksumSrc = await digestOf(ctx, temp, 'sha1');
      if (wanted) {
        const got = await digestOf(ctx, temp, wanted.algorithm);
        if (got !== wanted.digest) throw new ModuleFailure(`The checksum for ${dest} did not match ${wanted.digest}; it was ${got}.`, { dest, url: args.url });
      }
      const checksumDest = file.exists ? await digestOf(ctx, dest, 'sha1') : undefined;
      return { ...base, checksumSrc, checksumDest, status };
    } finally {
      await ctx.target.run(`rm -f -- ${shellQuote(temp)}`);
    }
  },
  plan(state, args): Plan<GetUrlData> {
    const download = !state.keep && state.checksumSrc !== state.checksumDest;
    const attributes = fileAttributeChanges(download ? { path: state.dest, exists: false } : state.file, args, false);
    const result = {
      dest: state.dest,
      url: args.url,
      ...(state.checksumSrc ? { checksum_src: state.checksumSrc } : {}),
      ...(state.checksumDest ? { checksum_dest: state.checksumDest } : {}),
      ...(state.status ? { status_code: state.status } : {}),
      msg: state.keep ?? 'OK',
    };
    if (!download && !hasAttributeChanges(attributes)) return { changed: false, result };
    return { changed: true, result, data: { dest: state.dest, download, checksumSrc: state.checksumSrc, attributes } };
  },
  async apply(ctx, args, plan) {
    const { dest, attributes } = plan.data;
    if (!plan.data.download) {
      await applyAttributes(ctx, dest, attributes);
      return { ...plan.result, changed: true };
    }
    const temp = posix.join(posix.dirname(dest), `.${posix.basename(dest)}.warren-${randomBytes(6).toString('hex')}`);
    await download(ctx, args, temp);
    const got = await digestOf(ctx, temp, 'sha1');
    if (got !== plan.data.checksumSrc) {
      await ctx.target.run(`rm -f -- ${shellQuote(temp)}`);
      throw new ModuleFailure(`the content at ${args.url} changed between the comparison and the download`);
    }
    await runOrFail(ctx, `chmod 600 -- ${shellQuote(temp)}`, 'cannot protect the download');
    const res = await runOrFail(ctx, installScript(temp, dest, { ...attributes, backup: args.backup }), `cannot install ${dest}`);
    const backup = /^backup (.*)$/m.exec(res.stdout)?.[1];
    return { ...plan.result, changed: true, ...(backup ? { backup_file: backup } : {}) };
  },
};
