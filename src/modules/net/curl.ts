// HTTP from the target host, as Ansible's get_url and uri do (the request leaves the managed
// host, not the controller), with the host's curl. Credentials and headers travel in curl's
// config on stdin (`-K -`), never in argv; a request body is uploaded 0600 and removed after.
import { randomBytes } from 'node:crypto';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  username?: string;
  password?: string;
  /** send credentials on the first request (else curl answers a 401 challenge) */
  forceBasicAuth?: boolean;
  body?: Buffer;
  timeoutSeconds?: number;
  validateCerts?: boolean;
  followRedirects?: boolean;
  /** the body goes to this path on the host (else it is read back when `readBody`) */
  outFile?: string;
  readBody?: boolean;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** curl's exit code when the transfer itself failed (no HTTP status) */
  curlError?: string;
}

/** curl config syntax: a double-quoted value with \ and " escaped. */
function cfgValue(v: string): string {
  if (/[\r\n]/.test(v)) throw new ModuleFailure('HTTP header values and credentials cannot contain line breaks');
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function curlConfig(req: HttpRequest): string {
  const lines = [`url = ${cfgValue(req.url)}`];
  for (const [k, v] of Object.entries(req.headers ?? {})) lines.push(`header = ${cfgValue(`${k}: ${v}`)}`);
  if (req.username !== undefined) {
    lines.push(`user = ${cfgValue(`${req.username}:${req.password ?? ''}`)}`);
    lines.push(req.forceBasicAuth ? 'basic' : 'anyauth');
  }
  return `${lines.join('\n')}\n`;
}

function parseHeaders(raw: string): { status: number; headers: Record<string, string> } {
  // With redirects followed curl writes each response's headers; the last block is the answer.
  const blocks = raw.split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b.trim()));
  const last = blocks.at(-1)?.trim() ?? '';
  const [statusLine, ...rest] = last.split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of rest) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(/^HTTP\/\S+\s+(\d+)/.exec(statusLine ?? '')?.[1] ?? 0), headers };
}

export async function httpFromHost(ctx: ModuleContext, req: HttpRequest): Promise<HttpResponse> {
  const id = randomBytes(8).toString('hex');
  const bodyIn = req.body ? `/tmp/.warren-body-${id}` : undefined;
  if (bodyIn) await ctx.target.put(req.body!, bodyIn, { mode: 0o600 });
  const out = req.outFile ?? `/tmp/.warren-out-${id}`;
  const flags = [
    '-sS',
    '-K -',
    `-X ${shellQuote(req.method ?? 'GET')}`,
    `-o ${shellQuote(out)}`,
    '-D "$hdr"',
    `-w '%{url_effective}'`,
    `--max-time ${Math.max(1, Math.trunc(req.timeoutSeconds ?? 30))}`,
    req.followRedirects === false ? '' : '-L',
    req.validateCerts === false ? '-k' : '',
    bodyIn ? `--data-binary @${shellQuote(bodyIn)}` : '',
    req.method === 'HEAD' ? '-I' : '',
  ].filter(Boolean);
  const cleanup = ['"$hdr"', bodyIn ? shellQuote(bodyIn) : '', req.outFile ? '' : shellQuote(out)].filter(Boolean).join(' ');
  const script = [
    'umask 077; command -v curl >/dev/null 2>&1 || { echo "curl is not installed on the host" >&2; exit 127; }',
    `hdr=$(mktemp) || exit 1; trap 'rm -f -- ${cleanup}' EXIT`,
    `eff=$(curl ${flags.join(' ')}); rc=$?`,
    'printf "rc %s\\n" "$rc"; printf "url %s\\n" "$eff"',
    'printf "headers "; base64 -w0 < "$hdr"; echo',
    req.readBody ? `if [ -f ${shellQuote(out)} ]; then printf "body "; base64 -w0 < ${shellQuote(out)}; echo; fi` : '',
  ].join('\n');
  const res = await ctx.target.run(script, { stdin: curlConfig(req) });
  if (res.code === 127) throw new ModuleFailure('curl is not installed on the host (warren makes HTTP requests from the host with curl)');
  const field = (tag: string) =>
    res.stdout
      .split('\n')
      .find((l) => l.startsWith(`${tag} `))
      ?.slice(tag.length + 1);
  const rc = Number(field('rc') ?? -1);
  const { status, headers } = parseHeaders(Buffer.from(field('headers') ?? '', 'base64').toString('latin1'));
  const body = field('body');
  return {
    status: status || -1,
    url: field('url') || req.url,
    headers,
    ...(body !== undefined ? { body: Buffer.from(body, 'base64') } : {}),
    ...(rc !== 0 ? { curlError: res.stderr.trim() || `curl exited ${rc}` } : {}),
  };
}
