// loadPlaybook: YAML -> validated Playbook model, with every import and role expanded, before
// any host is contacted.
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { InputError } from '../core/errors.ts';
import type { LoadContext } from './context.ts';
import { newPlayScope } from './context.ts';
import type { Play, PlayHeader, Playbook } from './model.ts';
import type { Vars } from '../core/vars.ts';
import { toConditions, toTags } from './keywords.ts';
import type { LoadOptions } from './options.ts';
import { catalogOf } from './options.ts';
import { parsePlay } from './play.ts';
import { expandImport } from './imports.ts';
import { checkShape, compileValidators } from './validate.ts';
import { jsOf, locAt, locOfNode, toJsChecked, type YamlFile } from '../core/yaml-file.ts';
import { createTemplateEngine, type TemplateEngine } from '../template/engine.ts';
import { newParsedFiles, readYamlOnce } from './parsed-files.ts';

export type { LoadOptions } from './options.ts';

/**
 * `import_playbook: other.yml` (+ name, tags, vars, when): the plays of the other file, in order,
 * as Ansible inserts them. The import's vars win over the plays' own vars, its tags add to theirs
 * and its `when` guards every task of every imported play. Paths inside the imported file
 * (roles/, vars_files, files/, templates/) resolve from that file's directory.
 */
async function importPlaybook(ctx: LoadContext, src: YamlFile, item: YAMLMap, raw: Record<string, unknown>, file: string): Promise<Play[]> {
  checkShape(src, item, raw, ctx.validators.importPlaybook, 'import_playbook keyword');
  const name = String(raw.import_playbook);
  if (name.includes('{{'))
    throw new InputError(`'${name}': import_playbook is expanded before the run, so the path cannot hold {{ }}`, locAt(src, item, ['import_playbook']));
  const target = resolve(dirname(file), name);
  const extraTags = toTags(raw.tags) ?? [];
  const vars = (raw.vars ?? {}) as Vars;
  const when = toConditions(raw.when) ?? [];
  const outerDir = ctx.playbookDir;
  const outerVars = ctx.importVars;
  ctx.playbookDir = dirname(target);
  ctx.importVars = { ...outerVars, ...vars };
  try {
    const plays = await loadPlays(ctx, target);
    return plays.map((play) => ({
      ...play,
      tags: [...new Set([...extraTags, ...play.tags])],
      vars: { ...play.vars, ...vars },
      ...(when.length || play.when?.length ? { when: [...when, ...(play.when ?? [])] } : {}),
    }));
  } catch (err) {
    if (err instanceof InputError && !err.location && err.message.startsWith('file not found')) {
      throw new InputError(`playbook '${name}' not found (${target})`, locAt(src, item, ['import_playbook']));
    }
    throw err;
  } finally {
    ctx.playbookDir = outerDir;
    ctx.importVars = outerVars;
  }
}

async function loadPlays(ctx: LoadContext, file: string): Promise<Play[]> {
  if (ctx.importStack.includes(file)) throw new InputError(`import_playbook cycle: ${[...ctx.importStack, file].join(' -> ')}`);
  const src = await readYamlOnce(ctx, file);
  ctx.opts.plugins?.addBase(dirname(file));
  const root = src.doc.contents;
  if (root === null || root === undefined) throw new InputError('the playbook is empty: expected a list of plays', { file, line: 1, col: 1 });
  const plain = toJsChecked(src);
  checkShape(src, root, plain, ctx.validators.playbook, 'key', 'a playbook must be a list of plays: ');
  if (!isSeq(root)) throw new InputError('a playbook must be a list of plays', locOfNode(src, root));
  ctx.onPlays?.(playHeadersOf(plain));
  ctx.importStack.push(file);
  try {
    const plays: Play[] = [];
    for (const item of root.items) {
      if (!isMap(item)) throw new InputError('a play must be a mapping', locOfNode(src, item as never));
      const raw = jsOf(src, item) as Record<string, unknown>;
      if ('import_playbook' in raw) {
        plays.push(...(await importPlaybook(ctx, src, item, raw, file)));
        continue;
      }
      plays.push(await parsePlay(ctx, src, item));
    }
    return plays;
  } finally {
    ctx.importStack.pop();
  }
}

/** The `hosts` and `remote_user` (or `user`) of a file's plays; import_playbook items announce their own file. */
export function playHeadersOf(plain: unknown): PlayHeader[] {
  if (!Array.isArray(plain)) return [];
  const headers: PlayHeader[] = [];
  for (const item of plain as unknown[]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || 'import_playbook' in item) continue;
    const raw = item as Record<string, unknown>;
    if (raw.hosts === undefined || raw.hosts === null) continue;
    const hosts = Array.isArray(raw.hosts) ? raw.hosts.join(',') : String(raw.hosts);
    // as parsePlay: remote_user as written, else `user` when it is text
    const user = raw.remote_user ?? (typeof raw.user === 'string' ? raw.user : undefined);
    if (user === undefined || user === null) headers.push({ hosts });
    else if (typeof user === 'string') headers.push({ hosts, remoteUser: user });
    // any other remote_user is left to the play
  }
  return headers;
}

/** A fresh load context rooted at `playbookDir` (the runner makes one per dynamic include). */
export function newLoadContext(opts: LoadOptions, playbookDir: string, playVars: Vars = {}): LoadContext {
  let engine: TemplateEngine | undefined;
  return {
    opts,
    catalog: catalogOf(opts),
    validators: compileValidators(),
    playbookDir,
    parsed: newParsedFiles(),
    importStack: [],
    roleStack: [],
    play: newPlayScope(),
    playVars,
    engine: () => (engine ??= createTemplateEngine()),
    expandImport,
  };
}

export async function loadPlaybook(path: string, opts: LoadOptions, onPlays?: (plays: PlayHeader[]) => void): Promise<Playbook> {
  const file = resolve(path);
  const dir = dirname(file);
  const ctx = newLoadContext(opts, dir);
  ctx.onPlays = onPlays;
  return { path: file, dir, plays: await loadPlays(ctx, file) };
}
