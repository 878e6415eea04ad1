// What command and shell share: creates/removes guards (one probe), running, and the
// Ansible-shaped result (rc, stdout, stderr, *_lines, start/end/delta).
import { existsFromLookAhead } from '../lib/look-ahead.ts';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleResult, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface CommandGuardArgs {
  creates?: string | boolean | number;
  removes?: string | boolean | number;
  chdir?: string;
  stdin?: string;
  stdin_add_newline?: boolean;
  strip_empty_ends?: boolean;
}

export interface GuardState {
  createsExists?: boolean;
  removesExists?: boolean;
}

/** Shell-quotes everything but glob characters, so `creates: /var/lib/x/*.db` still globs. */
export function globWord(pattern: string): string {
  return pattern
    .split(/([*?[\]])/)
    .map((part, i) => (i % 2 === 1 ? part : part === '' ? '' : shellQuote(part)))
    .join('');
}

/** stderr of a chdir that failed: the marker, then Python's errno text for it. `cd -P`: the
 * physical directory, as os.chdir leaves it ($PWD has no symlinks in it). */
const CHDIR_FAILED = 'warren: chdir failed:';

export function cdPrefix(chdir: string | undefined): string {
  if (!chdir) return '';
  const d = shellQuote(chdir);
  const why = `if [ ! -e ${d} ]; then echo '[Errno 2] No such file or directory'; elif [ ! -d ${d} ]; then echo '[Errno 20] Not a directory'; else echo '[Errno 13] Permission denied'; fi`;
  return `cd -P -- ${d} 2>/dev/null || { printf '%s ' '${CHDIR_FAILED}' >&2; (${why}) >&2; exit 1; }\n`;
}

/** Ansible's message for a chdir that failed before the command started. */
function chdirFailure(stderr: string, chdir: string, cmd: unknown): ModuleFailure | undefined {
  if (!stderr.startsWith(CHDIR_FAILED)) return undefined;
  const errno = stderr.slice(CHDIR_FAILED.length).trim();
  return new ModuleFailure(`Unable to change directory before execution: ${errno}: b'${chdir}'`, { rc: null, cmd, stdout: '', stderr: '' });
}

/** A scalar as Python's str() writes it: Ansible turns a path argument given as `yes` into 'True'. */
function pathText(value: string | boolean | number): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

export async function probeGuards(ctx: ModuleContext, args: CommandGuardArgs): Promise<GuardState> {
  if (args.creates === undefined && args.removes === undefined) return {};
  const lookedAhead = await guardsFromLookAhead(ctx, args);
  if (lookedAhead) return lookedAhead;
  const test = (key: string, pattern: string | boolean | number) =>
    `for f in ${globWord(pathText(pattern))}; do if [ -e "$f" ] || [ -L "$f" ]; then echo ${key}; break; fi; done`;
  const script = [
    args.chdir ? `cd -- ${shellQuote(args.chdir)} 2>/dev/null` : ':',
    args.creates !== undefined ? test('creates', args.creates) : ':',
    args.removes !== undefined ? test('removes', args.removes) : ':',
  ].join('\n');
  const result = await ctx.target.run(script);
  const found = result.stdout.split('\n');
  return {
    ...(args.creates !== undefined ? { createsExists: found.includes('creates') } : {}),
    ...(args.removes !== undefined ? { removesExists: found.includes('removes') } : {}),
  };
}

const WOULD_RUN = 'Command would have run if not in check mode';

/** Ansible's answers: a guard that holds skips (rc 0); else check mode can only say it would run. */
export function planCommand(state: GuardState, args: CommandGuardArgs, cmd: unknown): Plan {
  let why: string | undefined;
  let stdout = '';
  if (state.createsExists === true) {
    why = `not run command since '${pathText(args.creates!)}' exists`;
    stdout = `skipped, since ${pathText(args.creates!)} exists`;
  } else if (state.removesExists === false) {
    why = `not run command since '${pathText(args.removes!)}' does not exist`;
    stdout = `skipped, since ${pathText(args.removes!)} does not exist`;
  }
  // Ansible says "Would not run" in check mode, "Did not run" otherwise
  if (why)
    return {
      changed: false,
      msg: `Did ${why}`,
      checkMsg: `Would ${why}`,
      result: { cmd, rc: 0, stdout, stdout_lines: [stdout], stderr: '', stderr_lines: [] },
    };
  const result = { cmd, rc: 0, stdout: '', stdout_lines: [], stderr: '', stderr_lines: [] };
  // with creates/removes Ansible reports a check-mode run as changed; without them it skips
  if (args.creates !== undefined || args.removes !== undefined) return { changed: true, msg: WOULD_RUN, result };
  return { changed: true, unpredictable: true, msg: WOULD_RUN, result };
}

export async function runCommand(ctx: ModuleContext, script: string, args: CommandGuardArgs, cmd: unknown): Promise<ModuleResult> {
  const start = new Date();
  const stdin = args.stdin === undefined ? undefined : args.stdin_add_newline === false ? args.stdin : `${args.stdin}\n`;
  const result = await ctx.target.run(script, { ...(stdin !== undefined ? { stdin } : {}) });
  const end = new Date();
  const cdFailed = args.chdir && result.code !== 0 ? chdirFailure(result.stderr, args.chdir, cmd) : undefined;
  if (cdFailed) throw cdFailed;
  const strip = (text: string) => (args.strip_empty_ends === false ? text : text.replace(/[\r\n]+$/, ''));
  const stdout = strip(result.stdout);
  const stderr = strip(result.stderr);
  const rc = result.code ?? -1;
  const values = {
    changed: true,
    cmd,
    rc,
    stdout,
    stderr,
    stdout_lines: lines(stdout),
    stderr_lines: lines(stderr),
    start: timestamp(start),
    end: timestamp(end),
    delta: delta(end.getTime() - start.getTime()),
    msg: '',
  };
  if (rc !== 0) {
    const reason = result.signal ? `killed by signal ${result.signal}` : 'non-zero return code';
    throw new ModuleFailure(reason, values);
  }
  return values;
}

function lines(text: string): string[] {
  return text === '' ? [] : text.split(/\r?\n/);
}

/** '2024-05-01 12:00:00.123000', Ansible's local-time format. */
function timestamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}000`;
}

/** '0:00:01.250000' */
function delta(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(6).padStart(9, '0')}`;
}

/** creates/removes as literal absolute paths (no glob), answered by the file look-ahead. */
async function guardsFromLookAhead(ctx: ModuleContext, args: CommandGuardArgs): Promise<GuardState | undefined> {
  const literal = (v: string | boolean | number | undefined) => (typeof v === 'string' && v.startsWith('/') && !/[*?[]/.test(v) ? v : undefined);
  const creates = literal(args.creates);
  const removes = literal(args.removes);
  if ((args.creates !== undefined && !creates) || (args.removes !== undefined && !removes)) return undefined;
  const createsExists = creates ? await existsFromLookAhead(ctx, creates) : undefined;
  const removesExists = removes ? await existsFromLookAhead(ctx, removes) : undefined;
  if ((creates && createsExists === undefined) || (removes && removesExists === undefined)) return undefined;
  return { ...(creates ? { createsExists } : {}), ...(removes ? { removesExists } : {}) };
}
