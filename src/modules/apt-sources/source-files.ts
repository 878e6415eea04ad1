// What apt_repository, deb822_repository and apt_key share: where apt keeps its sources (asked
// of apt-config, so APT_CONFIG and Dir::Etc settings count, as python-apt's config does for
// Ansible), their content in one round trip, atomic writes, and the optional cache update.
import { posix } from 'node:path';
import type { Diff, ModuleContext } from '../module.ts';
import { installFile } from '../lib/install.ts';
import { runOrFail } from '../lib/run.ts';
import { shellQuote } from '../../connection/connection.ts';

export interface SourceFile {
  path: string;
  /** undefined: the file does not exist */
  content?: string;
}

export interface AptSources {
  /** Dir::Etc::sourcelist, e.g. /etc/apt/sources.list */
  sourceList: string;
  /** Dir::Etc::sourceparts, e.g. /etc/apt/sources.list.d */
  sourceParts: string;
  /** sources.list, every *.list and *.sources in sourceparts, and any `extra` path asked for */
  files: SourceFile[];
}

/** One round trip: apt-config's paths, then each file base64-encoded. */
export async function readAptSources(ctx: ModuleContext, extra: string[] = []): Promise<AptSources> {
  const wanted = extra.map(shellQuote).join(' ');
  const script = [
    'command -v apt-config >/dev/null 2>&1 || { echo "apt-config not found: this host does not use apt" >&2; exit 3; }',
    'eval "$(apt-config shell L Dir::Etc::sourcelist/f P Dir::Etc::sourceparts/d)"',
    'echo "list $L"; echo "parts ${P%/}"',
    `for f in "$L" "\${P%/}"/*.list "\${P%/}"/*.sources ${wanted}; do`,
    '  if [ -f "$f" ]; then printf "file %s " "$f"; base64 -w0 < "$f"; echo; fi',
    'done',
  ].join('\n');
  const result = await runOrFail(ctx, script, 'cannot read the apt sources');
  const sources: AptSources = { sourceList: '', sourceParts: '', files: [] };
  for (const line of result.stdout.split('\n')) {
    const [key, value = '', data = ''] = line.split(' ');
    if (key === 'list') sources.sourceList = value;
    else if (key === 'parts') sources.sourceParts = value;
    else if (key === 'file' && !sources.files.some((f) => f.path === value))
      sources.files.push({ path: value, content: Buffer.from(data, 'base64').toString('utf8') });
  }
  return sources;
}

export function fileDiff(path: string, before: string | undefined, after: string | undefined): Diff {
  return {
    before: before ?? '',
    after: after ?? '',
    before_header: before === undefined ? '/dev/null' : path,
    after_header: after === undefined ? '/dev/null' : path,
  };
}

/** Writes (atomically, with mode) or removes each file; undefined content removes it. */
export async function writeSourceFiles(ctx: ModuleContext, files: SourceFile[], mode: string | number): Promise<void> {
  for (const file of files) {
    if (file.content === undefined) await runOrFail(ctx, `rm -f -- ${shellQuote(file.path)}`, `cannot remove ${file.path}`);
    else {
      await runOrFail(ctx, `mkdir -p -- ${shellQuote(posix.dirname(file.path))}`, `cannot create ${posix.dirname(file.path)}`);
      await installFile(ctx, Buffer.from(file.content), file.path, { mode });
    }
  }
}

/** apt-get update after a change (update_cache), as Ansible does; never in check mode (apply only). */
export async function updateAptCache(ctx: ModuleContext): Promise<void> {
  await runOrFail(ctx, 'DEBIAN_FRONTEND=noninteractive apt-get -q update', 'apt-get update failed');
}
