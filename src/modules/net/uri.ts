// uri: an HTTP request made from the host (curl there), answered as Ansible's uri: status,
// headers as lower-case keys, `json` for JSON answers, `content` with return_content, failure
// when the status is not one of status_code. As in Ansible it has no check mode: the task is
// skipped under --check (a request may change the remote side).
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { httpFromHost } from './curl.ts';

export interface UriArgs {
  url: string;
  method?: string;
  body?: unknown;
  body_format?: 'raw' | 'json' | 'form-urlencoded';
  headers?: Record<string, unknown>;
  status_code?: number | string | Array<number | string>;
  return_content?: boolean;
  dest?: string;
  creates?: string;
  removes?: string;
  url_username?: string;
  url_password?: string;
  force_basic_auth?: boolean;
  follow_redirects?: string | boolean;
  timeout?: number;
  validate_certs?: boolean;
}

const JSON_TYPES = /^application\/([\w.+-]*\+)?json|^text\/json/i;

function requestBody(args: UriArgs, headers: Record<string, string>): Buffer | undefined {
  if (args.body === undefined || args.body === null) return undefined;
  const has = (h: string) => Object.keys(headers).some((k) => k.toLowerCase() === h);
  if (args.body_format === 'json') {
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
    return Buffer.from(typeof args.body === 'string' ? args.body : JSON.stringify(args.body));
  }
  if (args.body_format === 'form-urlencoded') {
    if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (typeof args.body === 'string') return Buffer.from(args.body);
    const entries = Array.isArray(args.body) ? (args.body as Array<[string, unknown]>) : Object.entries(args.body as Record<string, unknown>);
    return Buffer.from(new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString());
  }
  return Buffer.from(typeof args.body === 'string' ? args.body : JSON.stringify(args.body));
}

export const uriModule: ModuleDefinition<UriArgs, UriArgs> = {
  name: 'uri',
  aliases: { user: 'url_username', password: 'url_password' },
  argsSchema: {
    type: 'object',
    description: 'Make an HTTP request from the host (with its curl) and return the answer.',
    properties: {
      url: { type: 'string', minLength: 1, description: 'http(s) URL' },
      method: { type: 'string', default: 'GET' },
      body: { description: 'the request body (a mapping or list with body_format json or form-urlencoded)' },
      body_format: { enum: ['raw', 'json', 'form-urlencoded'], default: 'raw' },
      headers: { type: 'object', description: 'request headers' },
      status_code: {
        type: ['integer', 'string', 'array'],
        items: { type: ['integer', 'string'] },
        default: [200],
        description: 'the statuses that mean success',
      },
      return_content: { type: 'boolean', default: false, description: 'return the body as content' },
      dest: { type: 'string', minLength: 1, description: 'write the body to this path on the host' },
      creates: { type: 'string', description: 'skip the request when this path exists' },
      removes: { type: 'string', description: 'skip the request unless this path exists' },
      url_username: { type: 'string', description: 'basic auth user (alias: user)' },
      user: { type: 'string' },
      url_password: { type: 'string', description: 'basic auth password (alias: password); sent to curl on stdin' },
      password: { type: 'string' },
      force_basic_auth: { type: 'boolean', default: false, description: 'send credentials without waiting for a 401' },
      follow_redirects: { type: ['string', 'boolean'], default: 'safe', description: 'all, safe (GET and HEAD only), none' },
      timeout: { type: 'number', default: 30, description: 'seconds' },
      validate_certs: { type: 'boolean', default: true },
    },
    required: ['url'],
    additionalProperties: false,
  },
  async probe(_ctx, args) {
    if (!/^https?:\/\//i.test(args.url)) throw new ModuleFailure(`unsupported URL scheme: ${args.url}`);
    return args;
  },
  plan() {
    return { changed: true, unpredictable: true };
  },
  async apply(ctx, args) {
    for (const [path, want, say] of [
      [args.creates, true, 'exists'],
      [args.removes, false, 'does not exist'],
    ] as const) {
      if (path === undefined) continue;
      const there = (await ctx.target.run(`[ -e ${shellQuote(path)} ]`)).code === 0;
      if (there === want) return { changed: false, stdout: `skipped, since '${path}' ${say}` };
    }
    const method = (args.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries(args.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const body = requestBody(args, headers);
    const follow = args.follow_redirects ?? 'safe';
    const followRedirects = follow === 'all' || follow === true || follow === 'yes' || (follow === 'safe' && (method === 'GET' || method === 'HEAD'));
    const started = Date.now();
    const res = await httpFromHost(ctx, {
      url: args.url,
      method,
      headers,
      username: args.url_username,
      password: args.url_password,
      forceBasicAuth: args.force_basic_auth,
      body,
      timeoutSeconds: args.timeout ?? 30,
      validateCerts: args.validate_certs,
      followRedirects,
      readBody: true,
    });
    if (res.curlError && res.status < 0)
      throw new ModuleFailure(`Status code was -1 and not [200]: Request failed: ${res.curlError}`, { status: -1, url: args.url });
    const wanted = (Array.isArray(args.status_code) ? args.status_code : [args.status_code ?? 200]).map(Number);
    const content = res.body ?? Buffer.alloc(0);
    const headerKeys = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.replace(/-/g, '_'), v]));
    const result: Record<string, unknown> = {
      ...headerKeys,
      status: res.status,
      url: res.url,
      redirected: res.url !== args.url,
      elapsed: Math.trunc((Date.now() - started) / 1000),
      msg: `OK (${res.headers['content-length'] ?? 'unknown'} bytes)`,
      changed: false,
    };
    const text = content.toString('utf8');
    if (JSON_TYPES.test(res.headers['content-type'] ?? '')) {
      try {
        result.json = JSON.parse(text);
      } catch {
        // not JSON after all: Ansible leaves json out too
      }
    }
    if (args.return_content) result.content = text;
    if (!wanted.includes(res.status)) {
      throw new ModuleFailure(`Status code was ${res.status} and not [${wanted.join(', ')}]: HTTP Error ${res.status}`, { ...result, changed: undefined });
    }
    if (args.dest !== undefined && res.status !== 304) {
      await ctx.target.put(content, args.dest);
      result.changed = true;
      result.path = args.dest;
    }
    return result as { changed: boolean };
  },
};
