// Ad-hoc output as Ansible's `minimal` callback prints it (`oneline` with -o), and the `tree`
// callback's one JSON file per host (-t DIR).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paint, type Color } from './colors.ts';
import { renderDiffs } from './diff.ts';
import type { Reporter, RunEvent } from './events.ts';
import { processStreams, type OutputStreams } from './plain.ts';
import { withoutInternalKeys } from './result-line.ts';

type HostResult = Extract<RunEvent, { type: 'host_result' }>;

export interface AdhocOutputOptions {
  /** command/shell results print as text; debug results show only their message or variable */
  textModule: boolean;
  debugModule?: boolean;
  oneLine: boolean;
  color: boolean;
  verbosity: number;
  treeDir?: string;
  streams?: OutputStreams;
}

/** json.dumps(sort_keys=True) with Python's separators; `indent` as Python treats it. */
export function pythonJson(value: unknown, indent?: number, depth = 0): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const isArray = Array.isArray(value);
  const entries = isArray
    ? (value as unknown[]).map((v) => ['', v] as const)
    : Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && typeof v !== 'function')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (!entries.length) return open + close;
  const item = ([k, v]: readonly [string, unknown]) => `${isArray ? '' : `${JSON.stringify(k)}: `}${pythonJson(v, indent, depth + 1)}`;
  if (indent === undefined) return open + entries.map(item).join(', ') + close;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${open}\n${entries.map((e) => pad + item(e)).join(',\n')}\n${' '.repeat(indent * depth)}${close}`;
}

const DEBUG_KEPT = ['msg', 'exception', 'warnings', 'deprecations'];
const DEBUG_HIDDEN = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason'];

/** What Ansible's callbacks dump: no internal keys, no diff below -vvv; debug shows its value only. */
function dumpable(result: Record<string, unknown>, verbosity: number, debug = false): Record<string, unknown> {
  const { diff, ...rest } = withoutInternalKeys(result);
  if (debug) {
    const keep = 'msg' in rest ? (k: string) => DEBUG_KEPT.includes(k) : (k: string) => !DEBUG_HIDDEN.includes(k);
    return Object.fromEntries(Object.entries(rest).filter(([k]) => keep(k)));
  }
  return verbosity >= 3 && diff !== undefined ? { ...rest, diff } : rest;
}

const oneLineText = (s: unknown) =>
  String(s ?? '')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');

export function adhocResultText(
  event: HostResult,
  opts: Pick<AdhocOutputOptions, 'textModule' | 'debugModule' | 'oneLine' | 'verbosity'>,
): { text: string; color: Color } {
  const { host, status, result } = event;
  const r = result as Record<string, unknown>;
  const clean = dumpable(r, opts.verbosity, opts.debugModule && status !== 'failed');
  const dump = (indent: number) => (opts.oneLine ? pythonJson(clean, 0).replace(/\n/g, '') : pythonJson(clean, indent));
  if (status === 'skipped') return { text: `${host} | SKIPPED`, color: 'cyan' };
  if (status === 'unreachable') {
    return opts.oneLine
      ? { text: `${host} | UNREACHABLE!: ${String(r.msg ?? '')}`, color: 'red' }
      : { text: `${host} | UNREACHABLE! => ${dump(4)}`, color: 'red' };
  }
  const failed = status === 'failed';
  const caption = failed ? 'FAILED' : r.changed ? 'CHANGED' : 'SUCCESS';
  const color: Color = failed ? 'red' : r.changed ? 'yellow' : 'green';
  const rc = r.rc ?? -1;
  if (opts.textModule && 'rc' in r) {
    if (opts.oneLine) {
      const stderr = r.stderr ? ` (stderr) ${oneLineText(r.stderr)}` : '';
      return { text: `${host} | ${caption} | rc=${rc} | (stdout) ${oneLineText(r.stdout)}${stderr}`, color };
    }
    return { text: `${host} | ${caption} | rc=${rc} >>\n${String(r.stdout ?? '')}${String(r.stderr ?? '')}${String(r.msg ?? '')}`, color };
  }
  return { text: `${host} | ${failed ? 'FAILED!' : caption} => ${dump(4)}`, color };
}

export class AdhocReporter implements Reporter {
  private readonly out: OutputStreams;

  constructor(private readonly opts: AdhocOutputOptions) {
    this.out = opts.streams ?? processStreams;
    if (opts.treeDir) mkdirSync(opts.treeDir, { recursive: true, mode: 0o700 });
  }

  private paint(color: Color, text: string): string {
    return this.opts.color ? paint(color, text) : text;
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'host_result': {
        if (event.item !== undefined) return;
        const diff = event.diff ? renderDiffs(event.result.diff, this.opts.color) : '';
        if (diff && !this.opts.oneLine) this.out.write(diff);
        const { text, color } = adhocResultText(event, this.opts);
        this.out.write(`${this.paint(color, text)}\n`);
        // The tree callback: the host's whole result (already masked) as one JSON document.
        if (this.opts.treeDir) writeFileSync(join(this.opts.treeDir, event.host), pythonJson(withoutInternalKeys(event.result)), { mode: 0o600 });
        return;
      }
      case 'play_skipped':
        this.out.writeErr(`${this.paint('magenta', '[WARNING]: No hosts matched, nothing to do')}\n`);
        return;
      case 'warning':
        // The playbook runner's "NO MORE HOSTS LEFT" means nothing for a single task.
        if (event.message.startsWith('NO MORE HOSTS LEFT')) return;
        this.out.writeErr(`${this.paint('magenta', `[WARNING]: ${event.host ? `${event.host}: ` : ''}${event.message}`)}\n`);
        return;
      case 'error':
        this.out.writeErr(`${this.paint('red', `ERROR! ${event.message}`)}\n`);
        return;
      case 'verbose':
        if (event.level <= this.opts.verbosity) this.out.write(`${event.message}\n`);
        return;
      case 'listing':
        this.out.write(event.text);
        return;
      default:
        return;
    }
  }
}
