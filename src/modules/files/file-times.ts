// file's access_time / modification_time: 'now', 'preserve' or a timestamp in *_time_format
// (Python strftime, default %Y%m%d%H%M.%S). The timestamp is read as the host's local time.
import { shellQuote } from '../../connection/connection.ts';
import { ModuleFailure } from '../module.ts';

export interface FileTimeArgs {
  access_time?: string;
  access_time_format?: string;
  modification_time?: string;
  modification_time_format?: string;
}

export const fileTimeProperties = {
  access_time: { type: 'string' },
  access_time_format: { type: 'string' },
  modification_time: { type: 'string' },
  modification_time_format: { type: 'string' },
};

/** 'now', 'preserve' or epoch seconds the host computed from the timestamp. */
export type TimeWish = 'now' | 'preserve' | number;

export interface CurrentTimes {
  atime?: number;
  mtime?: number;
  wantAtime?: number;
  wantMtime?: number;
  /** the host's clock when probed: what 'now' shows in the diff */
  now?: number;
}

const FIELDS: Record<string, { key: string; pattern: string }> = {
  Y: { key: 'year', pattern: '(\\d{4})' },
  m: { key: 'month', pattern: '(\\d{1,2})' },
  d: { key: 'day', pattern: '(\\d{1,2})' },
  H: { key: 'hour', pattern: '(\\d{1,2})' },
  M: { key: 'minute', pattern: '(\\d{1,2})' },
  S: { key: 'second', pattern: '(\\d{1,2})' },
};

/** A timestamp in a strftime format -> 'YYYY-MM-DD hh:mm:ss' for the host's `date -d`. */
export function timestampForDate(value: string, format: string, what: string): string {
  const keys: string[] = [];
  let source = '^';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const directive = format[++i];
    if (directive === '%') source += '%';
    else if (FIELDS[directive]) {
      keys.push(FIELDS[directive].key);
      source += FIELDS[directive].pattern;
    } else throw new ModuleFailure(`${what}_format: %${directive} is not supported (use %Y %m %d %H %M %S)`);
  }
  const match = new RegExp(`${source}$`).exec(value);
  if (!match) throw new ModuleFailure(`Error while obtaining timestamp for time ${value} using format ${format}`);
  const parts: Record<string, string> = { year: '1900', month: '1', day: '1', hour: '0', minute: '0', second: '0' };
  keys.forEach((key, index) => {
    parts[key] = match[index + 1];
  });
  const pad = (v: string) => v.padStart(2, '0');
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
}

/** Probe lines: the current times and the wanted timestamps as the host reads them. */
export function timesProbeScript(path: string, args: FileTimeArgs, follow: boolean): string {
  const q = shellQuote(path);
  const lines = [`if [ -e ${q} ] || [ -L ${q} ]; then echo "times $(stat ${follow ? '-L ' : ''}-c '%.9X %.9Y' -- ${q})"; fi`, 'echo "now $(date +%s.%N)"'];
  const wanted: Array<[string, string | undefined, string | undefined]> = [
    ['access_time', args.access_time, args.access_time_format],
    ['modification_time', args.modification_time, args.modification_time_format],
  ];
  for (const [what, value, format] of wanted) {
    if (value === undefined || value === 'now' || value === 'preserve') continue;
    const stamp = timestampForDate(value, format ?? '%Y%m%d%H%M.%S', what);
    lines.push(`echo "want ${what} $(date -d ${shellQuote(stamp)} +%s)" || exit 3`);
  }
  return lines.join('\n');
}

export function parseTimes(stdout: string): CurrentTimes {
  const times: CurrentTimes = {};
  for (const line of stdout.split('\n')) {
    const [key, a, b] = line.split(' ');
    if (key === 'times') Object.assign(times, { atime: Number(a), mtime: Number(b) });
    else if (key === 'want' && a === 'access_time') times.wantAtime = Number(b);
    else if (key === 'want' && a === 'modification_time') times.wantMtime = Number(b);
    else if (key === 'now') times.now = Number(a);
  }
  return times;
}

/** Ansible's defaults: touch sets both times to now, every other state keeps them. */
export function timeWishes(args: FileTimeArgs, touching: boolean, times: CurrentTimes): { atime: TimeWish; mtime: TimeWish } {
  const wish = (value: string | undefined, wanted: number | undefined): TimeWish =>
    value === undefined ? (touching ? 'now' : 'preserve') : value === 'now' || value === 'preserve' ? value : wanted!;
  return { atime: wish(args.access_time, times.wantAtime), mtime: wish(args.modification_time, times.wantMtime) };
}

/** `touch` commands that bring the times to the wishes (none when they already hold). */
export function timeSteps(path: string, wishes: { atime: TimeWish; mtime: TimeWish }, times: CurrentTimes, noDereference: boolean): string[] {
  const q = shellQuote(path);
  const h = noDereference ? '-h ' : '';
  const steps: string[] = [];
  const one = (flag: string, wish: TimeWish, current: number | undefined) => {
    if (wish === 'preserve') return;
    if (wish === 'now') steps.push(`touch ${h}-c ${flag} -- ${q}`);
    else if (current === undefined || Math.floor(current) !== wish) steps.push(`touch ${h}-c ${flag} -d @${wish} -- ${q}`);
  };
  one('-a', wishes.atime, times.atime);
  one('-m', wishes.mtime, times.mtime);
  return steps;
}
