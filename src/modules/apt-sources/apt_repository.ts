// apt_repository: a one-line source in sources.list or sources.list.d/<filename>.list, added,
// re-enabled (when present but commented out) or removed wherever it is; apt-get update after a
// change unless update_cache is false.
import { posix } from 'node:path';
import type { Diff, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { modeSchema } from '../lib/mode.ts';
import type { AptSources, SourceFile } from './source-files.ts';
import { fileDiff, readAptSources, updateAptCache, writeSourceFiles } from './source-files.ts';
import type { SourceLine } from './one-line.ts';
import { classifyLine, formatSourceLine, parseSourceLine, sameSource, suggestedListName } from './one-line.ts';

export interface AptRepositoryArgs {
  repo: string;
  state?: 'present' | 'absent';
  filename?: string;
  mode?: string | number;
  update_cache?: boolean;
  codename?: string;
}

interface RepositoryState {
  sources: AptSources;
  source: SourceLine;
  target: string;
}

export const aptRepositoryModule: ModuleDefinition<AptRepositoryArgs, RepositoryState, SourceFile[]> = {
  name: 'apt_repository',
  aliases: { 'update-cache': 'update_cache' },
  argsSchema: {
    type: 'object',
    properties: {
      repo: { type: 'string', minLength: 1 },
      state: { enum: ['present', 'absent'] },
      filename: { type: 'string', minLength: 1 },
      mode: modeSchema,
      update_cache: { type: 'boolean' },
      'update-cache': { type: 'boolean' },
      update_cache_retries: { type: 'integer', minimum: 0 },
      update_cache_retry_max_delay: { type: 'integer', minimum: 0 },
      validate_certs: { type: 'boolean' },
      codename: { type: 'string' },
      install_python_apt: { type: 'boolean' },
    },
    required: ['repo'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    if (args.repo.startsWith('ppa:')) throw new ModuleFailure('ppa: repositories are Ubuntu Launchpad archives; give the deb line instead');
    const source = parseSourceLine(args.repo);
    if (!source) throw new ModuleFailure(`Invalid repository string: ${args.repo}`);
    const name = args.filename ? args.filename.replace(/\.list$/, '') : suggestedListName(source);
    if (name.includes('/')) throw new ModuleFailure(`filename must be a plain name, not a path: ${args.filename}`);
    const sources = await readAptSources(ctx);
    return { sources, source, target: posix.join(sources.sourceParts, `${name}.list`) };
  },
  plan(state, args) {
    const { source, sources, target } = state;
    const present = (args.state ?? 'present') === 'present';
    const changes: SourceFile[] = [];
    let found = false;
    for (const file of sources.files.filter((f) => f.path.endsWith('.list') || f.path === sources.sourceList)) {
      const lines = (file.content ?? '').split('\n');
      let edited = false;
      const kept = lines.flatMap((line) => {
        const { source: s, enabled } = classifyLine(line);
        if (!s || !sameSource(s, source)) return [line];
        if (present) {
          if (enabled) found = true;
          else if (!found) {
            found = true;
            edited = true;
            return [formatSourceLine(source)];
          }
          return [line];
        }
        if (!enabled) return [line];
        edited = true;
        return [];
      });
      if (edited) changes.push({ path: file.path, content: kept.join('\n').trim() === '' ? undefined : kept.join('\n') });
    }
    if (present && !found) {
      const existing = sources.files.find((f) => f.path === target);
      const before = existing?.content ?? '';
      changes.push({ path: target, content: `${before}${before && !before.endsWith('\n') ? '\n' : ''}${formatSourceLine(source)}\n` });
    }
    const result = { repo: args.repo, state: args.state ?? 'present' };
    if (!changes.length) return { changed: false, result };
    const diff: Diff[] = changes.map((c) => fileDiff(c.path, sources.files.find((f) => f.path === c.path)?.content, c.content));
    return {
      changed: true,
      diff,
      result: {
        ...result,
        ...(present ? { sources_added: changes.map((c) => c.path) } : { sources_removed: changes.filter((c) => !c.content).map((c) => c.path) }),
      },
      data: changes,
    };
  },
  async apply(ctx, args, plan) {
    await writeSourceFiles(ctx, plan.data, args.mode ?? '0644');
    if (args.update_cache !== false) await updateAptCache(ctx);
    return { ...plan.result, changed: true };
  },
};
