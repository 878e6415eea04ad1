// The file look-ahead: the first file probe on a machine reads every path the play's remaining
// tasks will probe in ONE command (one stat, one sha256sum, one cat | base64 for the files whose
// whole content is needed), so a converged host costs a few process starts instead of two or
// three per task. The answers live in the run's probe cache, which every apply and retry forgets:
// a task after a change reads the host again. What cannot be answered exactly as probeFiles would
// (symbolic links, stat details, other digests) falls back to the task's own probe.
import { createHash } from 'node:crypto';
import { shellQuote } from '../../connection/connection.ts';
import type { LookAheadPaths, ModuleContext } from '../module.ts';
import { type FileState, type ProbeOptions, parseProbeOutput } from './file-state.ts';

const KEY = 'file-look-ahead';

interface Seen {
  /** the stat line's fields, as probeScript prints them */
  stat?: string;
  sha256?: string;
  content?: Buffer;
}

type Snapshot = Map<string, Seen>;

/** Paths the shell loop and the tools' output can carry unambiguously. */
export function lookAheadable(path: string): boolean {
  return path.startsWith('/') && !/[\n\\]/.test(path);
}

/** probeFiles' answer from the look-ahead, or undefined when the task must probe itself. */
export async function fromLookAhead(ctx: ModuleContext, paths: string[], opts: ProbeOptions): Promise<FileState[] | undefined> {
  if (!servable(opts) || !paths.every(lookAheadable)) return undefined;
  const snapshot = await snapshotFor(ctx, { stat: paths, content: opts.content && opts.maxContentBytes === undefined ? paths : [] });
  if (!snapshot) return undefined;
  const states = paths.map((path) => answer(path, snapshot.get(path), opts));
  return states.every((s) => s !== undefined) ? (states as FileState[]) : undefined;
}

/** Whether a path exists (a dangling link counts), from the look-ahead; undefined when not looked at. */
export async function existsFromLookAhead(ctx: ModuleContext, path: string): Promise<boolean | undefined> {
  if (!lookAheadable(path)) return undefined;
  const seen = (await snapshotFor(ctx, { stat: [path], content: [] }))?.get(path);
  return seen ? seen.stat !== undefined : undefined;
}

async function snapshotFor(ctx: ModuleContext, own: LookAheadPaths): Promise<Snapshot | undefined> {
  const cache = ctx.probeCache;
  if (!cache?.peek) return undefined;
  let pending = cache.peek<Snapshot>(KEY);
  if (!pending) {
    const ahead = ctx.lookAhead?.();
    if (!ahead) return undefined;
    const paths: LookAheadPaths = {
      stat: unique([...own.stat, ...ahead.stat, ...own.content, ...ahead.content].filter(lookAheadable)),
      content: unique([...own.content, ...ahead.content].filter(lookAheadable)),
    };
    pending = cache.remember(KEY, () => readSnapshot(ctx, paths));
  }
  return pending.catch(() => undefined);
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

function servable(opts: ProbeOptions): boolean {
  return !opts.details && !opts.mime && !opts.checksumAlgorithm;
}

/** What probeFiles would have answered for this path with these options, or undefined. */
function answer(path: string, seen: Seen | undefined, opts: ProbeOptions): FileState | undefined {
  if (!seen) return undefined;
  if (seen.stat === undefined) return { path, exists: false };
  const [state] = parseProbeOutput([path], `== 0\nstat ${seen.stat}`);
  if (state.type === 'link') return undefined; // follow and readlink: the task's own probe
  if (state.type !== 'file') return state;
  const wholeContent = opts.content === true && opts.maxContentBytes === undefined;
  const wantsContent = opts.content === true && (opts.maxContentBytes === undefined || (state.size ?? 0) <= opts.maxContentBytes);
  if (wantsContent) {
    if (!seen.content) return undefined;
    state.content = seen.content;
  }
  if (opts.checksum !== false && !wholeContent) {
    if (!seen.sha256) return undefined;
    state.sha256 = seen.sha256;
  }
  if (state.content && state.sha256 === undefined) state.sha256 = createHash('sha256').update(state.content).digest('hex');
  return state;
}

export function lookAheadScript(paths: LookAheadPaths): string {
  const words = (list: string[]) => list.map(shellQuote).join(' ');
  const regular = '[ -f "$p" ] && [ ! -L "$p" ]';
  const lines = ['LC_ALL=C; export LC_ALL', 'set --'];
  lines.push(`for p in ${words(paths.stat)}; do if [ -e "$p" ] || [ -L "$p" ]; then set -- "$@" "$p"; fi; done`);
  lines.push(`if [ $# -gt 0 ]; then stat -c 'stat %f %a %u %g %s %Y %d:%i %h %U %G %n' -- "$@" || exit 3; fi`);
  lines.push('set --', `for p in ${words(paths.stat)}; do if ${regular}; then set -- "$@" "$p"; fi; done`);
  lines.push(`if [ $# -gt 0 ]; then echo '== sha256'; sha256sum -- "$@" || exit 3; fi`);
  if (paths.content.length) {
    lines.push('set --', `for p in ${words(paths.content)}; do if ${regular}; then set -- "$@" "$p"; fi; done`);
    lines.push(`if [ $# -gt 0 ]; then echo '== content'; printf '%s\\n' "$@"; echo '== data'; cat -- "$@" | base64 -w0 || exit 3; echo; fi`);
  }
  return lines.join('\n');
}

/** Parses lookAheadScript's output; every path asked for gets an entry (no stat line: missing). */
export function parseLookAhead(paths: LookAheadPaths, stdout: string): Snapshot {
  const snapshot: Snapshot = new Map(paths.stat.map((p) => [p, {}]));
  let section = 'stat';
  const contentPaths: string[] = [];
  let data = '';
  for (const line of stdout.split('\n')) {
    if (line.startsWith('== ')) {
      section = line.slice(3);
      continue;
    }
    if (section === 'stat' && line.startsWith('stat ')) {
      const fields = line.slice(5).split(' ');
      const seen = snapshot.get(fields.slice(10).join(' '));
      if (seen) seen.stat = fields.slice(0, 10).join(' ');
    } else if (section === 'sha256' && line.length > 66) {
      const seen = snapshot.get(line.slice(66));
      if (seen) seen.sha256 = line.slice(0, 64);
    } else if (section === 'content' && line) contentPaths.push(line);
    else if (section === 'data') data += line;
  }
  if (contentPaths.length) splitContent(snapshot, contentPaths, Buffer.from(data, 'base64'));
  return snapshot;
}

/** One stream for all files: cut by the sizes stat saw, kept only if every piece has sha256sum's hash. */
function splitContent(snapshot: Snapshot, paths: string[], all: Buffer): void {
  const pieces: Array<[Seen, Buffer]> = [];
  let offset = 0;
  for (const path of paths) {
    const seen = snapshot.get(path);
    const size = Number(seen?.stat?.split(' ')[4]);
    if (!seen || !Number.isInteger(size)) return;
    const piece = all.subarray(offset, offset + size);
    if (piece.length !== size || createHash('sha256').update(piece).digest('hex') !== seen.sha256) return; // changed meanwhile
    pieces.push([seen, piece]);
    offset += size;
  }
  if (offset !== all.length) return;
  for (const [seen, piece] of pieces) seen.content = Buffer.from(piece);
}

async function readSnapshot(ctx: ModuleContext, paths: LookAheadPaths): Promise<Snapshot> {
  const result = await ctx.target.run(lookAheadScript(paths));
  if (result.code !== 0) throw new Error(`look-ahead failed: ${result.stderr.trim()}`);
  return parseLookAhead(paths, result.stdout);
}
