// What command and shell share: creates/removes guards (one probe), running, and the
// Ansible-shaped result (rc, stdout, stderr, *_lines, start/end/delta).
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleResult, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface CommandGuardArgs {
  creates?: string;
  removes?: string;
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

export function cdPrefix(chdir: string | undefined): string {
  return chdir ? `cd -- ${shellQuote(chdir)} || exit 1\n` : '';
}

export async function probeGuards(ctx: ModuleContext, args: CommandGuardArgs): Promise<GuardState> {
  if (args.creates === undefined && args.removes === undefined) return {};
  const test = (key: string, pattern: string) => `for f in ${globWord(pattern)}; do if [ -e "$f" ] || [ -L "$f" ]; then echo ${key}; break; fi; done`;
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

export function planCommand(state: GuardState, args: CommandGuardArgs, cmd: unknown): Plan {
  let skipMsg: string | undefined;
  if (state.createsExists === true) skipMsg = `skipped, since ${args.creates} exists`;
  else if (state.removesExists === false) skipMsg = `skipped, since ${args.removes} does not exist`;
  if (skipMsg) {
    return { changed: false, msg: skipMsg, result: { cmd, rc: 0, stdout: skipMsg, stdout_lines: [skipMsg], stderr: '', stderr_lines: [] } };
  }
  return { changed: true, unpredictable: true };
}

export async function runCommand(ctx: ModuleContext, script: string, args: CommandGuardArgs, cmd: unknown): Promise<ModuleResult> {
  const start = new Date();
  const stdin = args.stdin === undefined ? undefined : args.stdin_add_newline === false ? args.stdin : `${args.stdin}\n`;
  const result = await ctx.target.run(script, { ...(stdin !== undefined ? { stdin } : {}) });
  const end = new Date();
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
