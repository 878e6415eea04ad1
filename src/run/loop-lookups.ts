// The with_<lookup> loops, item for item as Ansible's lookup plugins give them. Each takes the
// rendered terms; file lookups search like Ansible: role files/, role dir, playbook files/, playbook dir.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { globSync } from 'glob';

export interface LookupPlace {
  rolePath?: string;
  playbookDir: string;
}

/** A lookup that cannot give items; the task fails on this host with the message. */
export class LookupError extends Error {}

type Lookup = (terms: unknown, place: LookupPlace) => unknown[];

function listify(terms: unknown): unknown[] {
  if (terms === undefined || terms === null) return [];
  if (Array.isArray(terms)) return terms;
  // Ansible's lookups iterate their terms: a dict gives its keys.
  if (isDict(terms)) return Object.keys(terms);
  return [terms];
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flattenOnce(list: unknown[]): unknown[] {
  return list.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function flattenAll(list: unknown[]): unknown[] {
  return list.flatMap((v) => (Array.isArray(v) ? flattenAll(v) : v === null || v === undefined ? [] : [v]));
}

const PRINTF = /%(-?0?\d*)(?:\.(\d+))?([dixXosf%])/g;

/** The printf subset with_sequence formats use (`%02d`, `%x`, `testuser%02x`, `%s`). */
function printf(format: string, n: number): string {
  return format.replace(PRINTF, (_all, flags: string, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let text =
      conv === 'x'
        ? n.toString(16)
        : conv === 'X'
          ? n.toString(16).toUpperCase()
          : conv === 'o'
            ? n.toString(8)
            : conv === 'f'
              ? n.toFixed(precision ? Number(precision) : 6)
              : String(Math.trunc(n));
    const width = Number(flags.replace(/^-?0?/, '') || 0);
    const pad = flags.startsWith('0') && conv !== 's' ? '0' : ' ';
    if (text.length < width)
      text = flags.startsWith('-') ? text.padEnd(width) : n < 0 && pad === '0' ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, pad);
    return text;
  });
}

function parseNumber(value: string, what: string): number {
  const n = /^-?0x[0-9a-f]+$/i.test(value)
    ? Number.parseInt(value, 16)
    : /^-?0o?[0-7]+$/.test(value) && value.length > 1 && value !== '-0'
      ? Number.parseInt(value.replace('0o', ''), 8)
      : Number(value);
  if (!Number.isInteger(n)) throw new LookupError(`with_sequence: can't parse ${what}=${value} as an integer`);
  return n;
}

/** One with_sequence term: `start=1 end=10 stride=2 format=%02d`, `count=3`, or `[start-]end[/stride][:format]`. */
function sequenceOf(term: string): string[] {
  const opts: Record<string, string> = {};
  const text = term.trim();
  const shortcut = /^(?:(-?\w+)-)?(-?\w+)(?:\/(-?\w+))?(?::(.+))?$/.exec(text);
  if (!text.includes('=') && shortcut) {
    if (shortcut[1] !== undefined) opts.start = shortcut[1];
    opts.end = shortcut[2]!;
    if (shortcut[3] !== undefined) opts.stride = shortcut[3];
    if (shortcut[4] !== undefined) opts.format = shortcut[4];
  } else {
    for (const part of text.split(/[\s,]+/).filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq < 0) throw new LookupError(`with_sequence: can't parse arg '${part}' (expected key=value)`);
      const key = part.slice(0, eq);
      if (!['start', 'end', 'count', 'stride', 'format'].includes(key)) throw new LookupError(`with_sequence: unrecognized arg '${key}'`);
      opts[key] = part.slice(eq + 1);
    }
  }
  const start = opts.start !== undefined ? parseNumber(opts.start, 'start') : 1;
  let stride = opts.stride !== undefined ? parseNumber(opts.stride, 'stride') : 1;
  let end: number;
  if (opts.count !== undefined && opts.end !== undefined) throw new LookupError("with_sequence: can't specify both count and end");
  if (opts.count !== undefined) {
    const count = parseNumber(opts.count, 'count');
    if (count === 0) return [];
    end = start + count * stride - 1;
  } else if (opts.end !== undefined) end = parseNumber(opts.end, 'end');
  else throw new LookupError('with_sequence: must specify count or end');
  if (stride === 0) return [];
  if ((stride > 0 && end < start) || (stride < 0 && end > start)) {
    if (stride > 0) throw new LookupError('with_sequence: to count backwards make stride negative');
    stride = -Math.abs(stride);
  }
  const format = opts.format ?? '%d';
  const out: string[] = [];
  for (let n = start; stride > 0 ? n <= end : n >= end; n += stride) out.push(printf(format, n));
  return out;
}

/** Ansible's find_file_in_search_path for 'files'. */
function fileCandidates(name: string, place: LookupPlace): string[] {
  if (isAbsolute(name)) return [name];
  const dirs = [...(place.rolePath ? [join(place.rolePath, 'files'), place.rolePath] : []), join(place.playbookDir, 'files'), place.playbookDir];
  return dirs.map((d) => resolve(d, name));
}

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

function fileglob(terms: unknown, place: LookupPlace): string[] {
  const out: string[] = [];
  for (const term of listify(terms).map(String)) {
    const dirs = basename(term) !== term ? fileCandidates(dirname(term), place) : fileCandidates('.', place);
    for (const dir of dirs) {
      const found = globSync(join(dir, basename(term)), { nodir: true, dot: false })
        .filter(isFile)
        .sort();
      if (found.length) {
        out.push(...found);
        break;
      }
    }
  }
  return out;
}

function firstFound(terms: unknown, place: LookupPlace): string[] {
  let skip = false;
  const candidates: string[] = [];
  const addFiles = (files: unknown, paths: unknown) => {
    const names = listify(files)
      .flatMap((f) => String(f).split(/[,;]/))
      .map((f) => f.trim())
      .filter(Boolean);
    const dirs = listify(paths)
      .flatMap((p) => String(p).split(/[,:;]/))
      .map((p) => p.trim())
      .filter(Boolean);
    for (const name of names) {
      if (!dirs.length) candidates.push(...fileCandidates(name, place));
      else for (const dir of dirs) candidates.push(...fileCandidates(join(dir, name), place));
    }
  };
  for (const term of listify(terms)) {
    if (term && typeof term === 'object' && !Array.isArray(term)) {
      const spec = term as Record<string, unknown>;
      if (spec.skip === true) skip = true;
      addFiles(spec.files ?? spec.file, spec.paths ?? spec.path);
    } else addFiles(term, undefined);
  }
  const found = candidates.find(isFile);
  if (found) return [found];
  if (skip) return [];
  throw new LookupError('No file was found when using first_found.');
}

function subelements(terms: unknown): unknown[] {
  const list = listify(terms);
  if (list.length < 2 || list.length > 3)
    throw new LookupError('subelements lookup expects a list of two or three items: a list, a key, and optionally {skip_missing: true}');
  const [elements, key, flags] = list;
  const skipMissing = !!(flags && typeof flags === 'object' && (flags as Record<string, unknown>).skip_missing === true);
  const source = Array.isArray(elements) ? elements : elements && typeof elements === 'object' ? Object.values(elements) : undefined;
  if (!source) throw new LookupError('subelements lookup expects a list or a dictionary as its first term');
  const path = String(key).split('.');
  const out: unknown[] = [];
  for (const element of source) {
    if (!element || typeof element !== 'object') throw new LookupError('subelements lookup expects a list of dictionaries');
    if ((element as Record<string, unknown>).skipped === true) continue;
    let sub: unknown = element;
    let missing = false;
    for (const part of path) {
      if (sub && typeof sub === 'object' && part in (sub as object)) sub = (sub as Record<string, unknown>)[part];
      else missing = true;
    }
    if (missing) {
      if (skipMissing) continue;
      throw new LookupError(`could not find '${key}' key in iterated item '${JSON.stringify(element)}'`);
    }
    if (!Array.isArray(sub)) throw new LookupError(`the key ${key} should point to a list, got '${JSON.stringify(sub)}'`);
    for (const item of sub) out.push([element, item]);
  }
  return out;
}

function together(terms: unknown): unknown[] {
  const lists = listify(terms).map(listify);
  if (!lists.length) throw new LookupError('with_together requires at least one element in each list');
  const length = Math.max(...lists.map((l) => l.length));
  return Array.from({ length }, (_v, i) => lists.map((l) => (i < l.length ? l[i] : null)));
}

function nested(terms: unknown): unknown[] {
  const lists = listify(terms).map(listify);
  if (!lists.length) throw new LookupError('with_nested requires at least one element in the nested list');
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

const LOOKUPS: Record<string, Lookup> = {
  items: (t) => flattenOnce(listify(t)),
  list: (t) => {
    if (isDict(t)) throw new LookupError('with_list expects a list');
    return listify(t);
  },
  flattened: (t) => flattenAll(listify(t)),
  indexed_items: (t) => {
    if (isDict(t)) throw new LookupError('with_indexed_items expects a list');
    return flattenOnce(listify(t)).map((v, i) => [i, v]);
  },
  random_choice: (t) => {
    const list = listify(t);
    return list.length ? [list[Math.floor(Math.random() * list.length)]] : [];
  },
  // A list of dicts gives all their items, as Ansible's dict lookup does.
  dict: (t) =>
    (Array.isArray(t) ? t : [t]).flatMap((term) => {
      if (!isDict(term)) throw new LookupError(`with_dict expects a dict, got ${JSON.stringify(term)}`);
      return Object.entries(term).map(([key, value]) => ({ key, value }));
    }),
  sequence: (t) => listify(t).flatMap((term) => sequenceOf(String(term))),
  together,
  nested,
  cartesian: nested,
  subelements,
  fileglob,
  first_found: firstFound,
};

/** The items of `with_<name>: terms` (terms already rendered). */
export function lookupItems(name: string, terms: unknown, place: LookupPlace): unknown[] {
  const lookup = LOOKUPS[name];
  if (!lookup) throw new LookupError(`lookup plugin (${name}) not found`);
  return lookup(terms, place);
}
