// deb822_repository: sources.list.d/<name>.sources in the deb822 format, written whole from the
// arguments. signed_by may be a key (embedded in the file, as Ansible does), a path, or a URL
// (fetched from the host with curl into /etc/apt/keyrings/<name>.asc).
import { posix } from 'node:path';
import type { Diff, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { modeSchema } from '../lib/mode.ts';
import { runOrFail } from '../lib/run.ts';
import { shellQuote } from '../../connection/connection.ts';
import type { AptSources, SourceFile } from './source-files.ts';
import { fileDiff, readAptSources, writeSourceFiles } from './source-files.ts';

type Words = string | string[];

export interface Deb822Args {
  name: string;
  state?: 'present' | 'absent';
  types?: Words;
  uris?: Words;
  suites?: Words;
  components?: Words;
  architectures?: Words;
  languages?: Words;
  targets?: Words;
  signed_by?: string;
  enabled?: boolean;
  mode?: string | number;
  [option: string]: unknown;
}

const WORDS = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const BOOLS = ['allow_downgrade_to_insecure', 'allow_insecure', 'allow_weak', 'by_hash', 'check_date', 'check_valid_until', 'pdiffs', 'trusted'];
const LISTS = ['types', 'uris', 'suites', 'components', 'architectures', 'languages', 'targets'];
const SCALARS = ['date_max_future', 'inrelease_path'];
const KEYRINGS_DIR = '/etc/apt/keyrings';

/** The deb822 field name of an argument: allow_insecure -> Allow-Insecure, uris -> URIs. */
function fieldName(arg: string): string {
  if (arg === 'uris') return 'URIs';
  return arg
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('-');
}

function words(value: Words | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/)).filter(Boolean);
}

/** Multi-line field values are continued with a space; an empty line is ' .' (deb822). */
function fieldValue(value: string): string {
  const lines = value.trim().split('\n');
  return [lines[0], ...lines.slice(1).map((l) => (l.trim() === '' ? ' .' : ` ${l}`))].join('\n');
}

function isKeyText(value: string): boolean {
  return value.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----');
}

interface Deb822State {
  sources: AptSources;
  path: string;
  keyPath?: string;
  /** the key at signed_by's URL, read in the probe (Ansible downloads it in check mode too) */
  key?: string;
}

function renderFile(args: Deb822Args, signedBy: string | undefined): string {
  const lines = [`X-Repolib-Name: ${args.name}`];
  for (const arg of LISTS) {
    const values = arg === 'types' && args.types === undefined ? ['deb'] : words(args[arg] as Words | undefined);
    if (values.length) lines.push(`${fieldName(arg)}: ${values.join(' ')}`);
  }
  for (const arg of BOOLS) if (args[arg] !== undefined) lines.push(`${fieldName(arg)}: ${args[arg] ? 'yes' : 'no'}`);
  for (const arg of SCALARS) if (args[arg] !== undefined) lines.push(`${fieldName(arg)}: ${String(args[arg])}`);
  if (args.enabled !== undefined) lines.push(`Enabled: ${args.enabled ? 'yes' : 'no'}`);
  if (signedBy) lines.push(`Signed-By: ${fieldValue(signedBy)}`);
  return `${lines.join('\n')}\n`;
}

export const deb822RepositoryModule: ModuleDefinition<Deb822Args, Deb822State, SourceFile[]> = {
  name: 'deb822_repository',
  argsSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, pattern: '^[^/]+$' },
      state: { enum: ['present', 'absent'] },
      ...Object.fromEntries(LISTS.map((k) => [k, WORDS])),
      ...Object.fromEntries(BOOLS.map((k) => [k, { type: 'boolean' }])),
      date_max_future: { type: 'integer', minimum: 0 },
      inrelease_path: { type: 'string' },
      enabled: { type: 'boolean' },
      signed_by: { type: 'string', minLength: 1 },
      mode: modeSchema,
      install_python_debian: { type: 'boolean' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const present = (args.state ?? 'present') === 'present';
    if (present && (!words(args.uris).length || !words(args.suites).length)) throw new ModuleFailure('uris and suites are required when state is present');
    for (const t of words(args.types)) if (t !== 'deb' && t !== 'deb-src') throw new ModuleFailure(`types must be deb or deb-src, got ${t}`);
    const keyPath = posix.join(KEYRINGS_DIR, `${args.name}.asc`);
    const sources = await readAptSources(ctx, [keyPath]);
    const path = posix.join(sources.sourceParts, `${args.name}.sources`);
    const url = args.signed_by && /^https?:\/\//.test(args.signed_by) ? args.signed_by : undefined;
    if (!present || !url) return { sources, path, keyPath };
    const fetched = await runOrFail(ctx, `curl -fsSL -- ${shellQuote(url)}`, `cannot download the key ${url}`);
    if (!isKeyText(fetched.stdout)) throw new ModuleFailure(`the key at ${url} is not an armored OpenPGP public key`);
    return { sources, path, keyPath, key: fetched.stdout };
  },
  plan(state, args) {
    const present = (args.state ?? 'present') === 'present';
    const current = (p: string) => state.sources.files.find((f) => f.path === p)?.content;
    const wanted: SourceFile[] = [];
    if (present) {
      const signedBy = state.key ? state.keyPath : args.signed_by;
      wanted.push({ path: state.path, content: renderFile(args, signedBy) });
      if (state.key) wanted.push({ path: state.keyPath!, content: state.key });
    } else {
      wanted.push({ path: state.path, content: undefined }, { path: state.keyPath!, content: undefined });
    }
    const changes = wanted.filter((w) => current(w.path) !== w.content);
    const result = {
      dest: state.path,
      repo: present ? wanted[0]!.content : undefined,
      state: args.state ?? 'present',
      key_filename: state.key ? state.keyPath : null,
    };
    if (!changes.length) return { changed: false, result };
    const diff: Diff[] = changes.map((c) => fileDiff(c.path, current(c.path), c.content));
    return { changed: true, diff, result, data: changes };
  },
  async apply(ctx, args, plan) {
    await writeSourceFiles(ctx, plan.data, args.mode ?? '0644');
    return { ...plan.result, changed: true };
  },
};
