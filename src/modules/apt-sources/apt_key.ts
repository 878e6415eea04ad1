// apt_key: an OpenPGP key in an apt keyring (/etc/apt/trusted.gpg unless `keyring`). gpg works in
// a throw-away home: the keyring is imported there, changed, and exported back whole, so the file
// stays in the plain format apt reads and root's own ~/.gnupg is never touched.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';

export interface AptKeyArgs {
  id?: string;
  data?: string;
  file?: string;
  url?: string;
  keyserver?: string;
  keyring?: string;
  state?: 'present' | 'absent';
}

interface AptKeyState {
  /** fingerprints in the keyring now */
  keyring: string[];
  /** fingerprints of the key given by data/file/url */
  given: string[];
}

const DEFAULT_KEYRING = '/etc/apt/trusted.gpg';
const GPG = 'gpg --batch --quiet --no-tty --homedir "$h"';

function keyringOf(args: AptKeyArgs): string {
  return args.keyring ?? DEFAULT_KEYRING;
}

/** The shell that writes the given key to stdout: data comes on stdin, file and url from the host. */
function keySource(args: AptKeyArgs): string | undefined {
  if (args.data !== undefined) return 'cat';
  if (args.file !== undefined) return `cat -- ${shellQuote(args.file)}`;
  if (args.url !== undefined) return `curl -fsSL -- ${shellQuote(args.url)}`;
  return undefined;
}

/** HKP (draft-shaw-openpgp-hkp): a bare host or hkp:// is http on port 11371, hkps:// https on 443. */
export function hkpLookupUrl(keyserver: string, id: string): string {
  const given = /^[a-z][a-z0-9+.-]*:\/\//i.test(keyserver) ? keyserver : `hkp://${keyserver}`;
  const url = new URL(given.replace(/^hkp:/i, 'http:').replace(/^hkps:/i, 'https:'));
  if (/^hkp:/i.test(given) && !url.port) url.port = '11371';
  if (!['http:', 'https:'].includes(url.protocol)) throw new ModuleFailure(`keyserver ${keyserver}: only hkp, hkps, http and https key servers are supported`);
  url.pathname = '/pks/lookup';
  url.search = `?op=get&options=mr&search=0x${normalId(id)}`;
  return url.toString();
}

function normalId(id: string): string {
  return id.replace(/^0x/i, '').replace(/\s+/g, '').toUpperCase();
}

const NOT_FOUND = 8;
const UNREACHABLE = 9;

/** Fetches the key from the key server into "$h/key.asc"; distinct exits for not found and unreachable. */
function keyserverFetch(args: AptKeyArgs): string {
  const url = shellQuote(hkpLookupUrl(args.keyserver!, args.id!));
  return [
    `code=$(curl -sS --max-time 30 -o "$h/key.asc" -w '%{http_code}' -- ${url} 2>"$h/err"); rc=$?`,
    `if [ $rc -ne 0 ]; then cat "$h/err" >&2; exit ${UNREACHABLE}; fi`,
    `if [ "$code" = 404 ]; then exit ${NOT_FOUND}; fi`,
    `case $code in 2*) ;; *) echo "HTTP $code" >&2; exit ${UNREACHABLE};; esac`,
  ].join('\n');
}

function fingerprints(colons: string): string[] {
  const lines = colons.split('\n');
  // the primary key's fingerprint is the fpr line right after each pub line
  return lines.flatMap((line, i) => (line.startsWith('pub:') && lines[i + 1]?.startsWith('fpr:') ? [lines[i + 1]!.split(':')[9]!] : []));
}

function matchesId(fpr: string, id: string): boolean {
  return fpr.endsWith(normalId(id));
}

function withHome(body: string): string {
  return ['h=$(mktemp -d) || exit 1', 'trap \'rm -rf "$h"\' EXIT', body].join('\n');
}

async function runGpg(ctx: ModuleContext, args: AptKeyArgs, body: string, what: string) {
  const script = withHome(`command -v gpg >/dev/null 2>&1 || { echo 'gpg is not installed (apt install gpg)' >&2; exit 3; }\n${body}`);
  return runOrFail(ctx, script, what, args.data !== undefined ? { stdin: args.data } : {});
}

const keyIds = (fprs: string[]) => fprs.map((f) => f.slice(-16));

export const aptKeyModule: ModuleDefinition<AptKeyArgs, AptKeyState, undefined> = {
  name: 'apt_key',
  argsSchema: {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^(0[xX])?[0-9a-fA-F ]{8,}$' },
      data: { type: 'string', minLength: 1 },
      file: { type: 'string', minLength: 1 },
      url: { type: 'string', pattern: '^(https?|ftp|file)://' },
      keyserver: { type: 'string' },
      keyring: { type: 'string', pattern: '^/' },
      state: { enum: ['present', 'absent'] },
      validate_certs: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const sources = (['data', 'file', 'keyserver', 'url'] as const).filter((k) => args[k] !== undefined);
    if (sources.length > 1) throw new ModuleFailure(`parameters are mutually exclusive: ${sources.join('|')}`);
    if (args.keyserver !== undefined && !args.id) throw new ModuleFailure('Missing key_id, required with keyserver.');
    if (args.keyserver !== undefined) hkpLookupUrl(args.keyserver, args.id!);
    const present = (args.state ?? 'present') === 'present';
    if (!present && !args.id) throw new ModuleFailure('state is absent but the id argument is missing');
    const source = present ? keySource(args) : undefined;
    if (present && !source && !args.id) throw new ModuleFailure('one of data, file, url or id is required');
    const kr = shellQuote(keyringOf(args));
    const body = [
      `if [ -s ${kr} ]; then ${GPG} --with-colons --show-keys ${kr} | sed 's/^/k/' || exit 4; fi`,
      source ? `${source} | ${GPG} --with-colons --show-keys | sed 's/^/g/'` : '',
    ].join('\n');
    const r = await runGpg(ctx, args, body, 'cannot read the keys');
    const pick = (prefix: string) =>
      fingerprints(
        r.stdout
          .split('\n')
          .filter((l) => l.startsWith(prefix))
          .map((l) => l.slice(1))
          .join('\n'),
      );
    const given = pick('g');
    if (source && !given.length) throw new ModuleFailure('the key given (data, file or url) holds no OpenPGP public key');
    return { keyring: pick('k'), given };
  },
  plan(state, args) {
    const present = (args.state ?? 'present') === 'present';
    const wantedId = args.id;
    const before = keyIds(state.keyring);
    const result = { before, after: before, id: wantedId ?? null };
    if (present) {
      if (wantedId && state.given.length && !state.given.some((f) => matchesId(f, wantedId))) {
        throw new ModuleFailure(`key id ${wantedId} is not the key given (it holds ${keyIds(state.given).join(', ')})`, result);
      }
      const missing = wantedId ? !state.keyring.some((f) => matchesId(f, wantedId)) : state.given.some((f) => !state.keyring.includes(f));
      const fp = state.given[0] ?? state.keyring.find((f) => wantedId && matchesId(f, wantedId));
      const ids = fp ? { fp, key_id: fp.slice(-16), short_id: fp.slice(-8) } : {};
      if (!missing) return { changed: false, result: { ...result, ...ids } };
      // the key server is asked only when the key is missing, and only by apply (as Ansible's check mode)
      if (args.keyserver !== undefined) {
        const after = [...before, normalId(wantedId!).slice(-16)];
        return {
          changed: true,
          result: { ...result, after },
          diff: [{ before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n`, before_header: keyringOf(args), after_header: keyringOf(args) }],
        };
      }
      if (!state.given.length) throw new ModuleFailure(`key ${wantedId} is not in ${keyringOf(args)} and no data, file or url gives it`, result);
      const after = [...new Set([...before, ...keyIds(state.given)])];
      return {
        changed: true,
        result: { ...result, ...ids, after },
        diff: [{ before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n`, before_header: keyringOf(args), after_header: keyringOf(args) }],
      };
    }
    const gone = state.keyring.filter((f) => matchesId(f, wantedId!));
    if (!gone.length) return { changed: false, result };
    const after = keyIds(state.keyring.filter((f) => !gone.includes(f)));
    return {
      changed: true,
      result: { ...result, after },
      diff: [{ before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n`, before_header: keyringOf(args), after_header: keyringOf(args) }],
    };
  },
  async apply(ctx, args, plan) {
    const present = (args.state ?? 'present') === 'present';
    const kr = shellQuote(keyringOf(args));
    const fromServer = present && args.keyserver !== undefined;
    const change = fromServer
      ? `${keyserverFetch(args)}\n${GPG} --with-colons --show-keys "$h/key.asc" > "$h/shown" || exit 10\ngrep -q '^fpr:.*${normalId(args.id!)}:' "$h/shown" || exit 11\ncat "$h/shown"\n${GPG} --import "$h/key.asc" || exit 6`
      : present
        ? `${keySource(args)} | ${GPG} --import || exit 6`
        : `${GPG} --yes --delete-keys ${shellQuote(args.id!.replace(/^0x/i, '').replace(/\s+/g, ''))} || exit 7`;
    const body = [
      `if [ -s ${kr} ]; then ${GPG} --import ${kr} || exit 4; fi`,
      change,
      `mkdir -p -- "$(dirname ${kr})" && t=${kr}.warren-new && ${GPG} --export > "$t" && chmod 0644 "$t" && mv -f -- "$t" ${kr}`,
    ].join('\n');
    if (fromServer) {
      const r = await ctx.target.run(withHome(`command -v gpg >/dev/null 2>&1 || { echo 'gpg is not installed (apt install gpg)' >&2; exit 3; }\n${body}`));
      const where = `${args.id} from keyserver ${args.keyserver}`;
      if (r.code === NOT_FOUND) throw new ModuleFailure(`Key ${args.id} not found on keyserver ${args.keyserver}`);
      if (r.code === UNREACHABLE) throw new ModuleFailure(`Error fetching key ${where}: the key server is unreachable (${r.stderr.trim()})`, { rc: r.code });
      if (r.code === 10 || r.code === 11) throw new ModuleFailure(`Error fetching key ${where}: the answer holds no key with that id`, { rc: r.code });
      if (r.code !== 0) throw new ModuleFailure(`cannot add the key to ${keyringOf(args)}: ${r.stderr.trim()}`, { rc: r.code, stderr: r.stderr });
      const fp = /^fpr:(?:[^:]*:){8}([0-9A-F]+):/m.exec(r.stdout)?.[1];
      return { ...plan.result, changed: true, ...(fp ? { fp, key_id: fp.slice(-16), short_id: fp.slice(-8) } : {}) };
    }
    await runGpg(ctx, args, body, present ? `cannot add the key to ${keyringOf(args)}` : `cannot remove the key from ${keyringOf(args)}`);
    return { ...plan.result, changed: true };
  },
};
