// loadPlaybook: YAML -> validated Playbook model, with every import and role expanded, before
// any host is contacted.
import { dirname, resolve } from 'node:path';
import { isMap, isSeq } from 'yaml';
import { InputError } from '../errors.ts';
import type { LoadContext } from './context.ts';
import { newPlayScope } from './context.ts';
import type { Play, Playbook, Vars } from './model.ts';
import { toTags } from './keywords.ts';
import type { LoadOptions } from './options.ts';
import { catalogOf } from './options.ts';
import { parsePlay } from './play.ts';
import { checkShape, compileValidators } from './validate.ts';
import { jsOf, locAt, locOfNode, readYamlFile } from './yaml-file.ts';

export type { LoadOptions } from './options.ts';

async function loadPlays(ctx: LoadContext, file: string): Promise<Play[]> {
  if (ctx.importStack.includes(file)) throw new InputError(`import_playbook cycle: ${[...ctx.importStack, file].join(' -> ')}`);
  const src = await readYamlFile(file, ctx.opts);
  const root = src.doc.contents;
  if (root === null || root === undefined) throw new InputError('the playbook is empty: expected a list of plays', { file, line: 1, col: 1 });
  checkShape(src, root, src.doc.toJS(), ctx.validators.playbook, 'key', 'a playbook must be a list of plays: ');
  if (!isSeq(root)) throw new InputError('a playbook must be a list of plays', locOfNode(src, root));
  ctx.importStack.push(file);
  try {
    const plays: Play[] = [];
    for (const item of root.items) {
      if (!isMap(item)) throw new InputError('a play must be a mapping', locOfNode(src, item as never));
      const raw = jsOf(src, item) as Record<string, unknown>;
      if ('import_playbook' in raw) {
        checkShape(src, item, raw, ctx.validators.importPlaybook, 'import_playbook keyword');
        const target = resolve(dirname(file), String(raw.import_playbook));
        try {
          const extraTags = toTags(raw.tags) ?? [];
          const vars = (raw.vars ?? {}) as Vars;
          for (const play of await loadPlays(ctx, target)) {
            plays.push({ ...play, tags: [...new Set([...extraTags, ...play.tags])], vars: { ...vars, ...play.vars } });
          }
        } catch (err) {
          if (err instanceof InputError && !err.location && err.message.startsWith('file not found')) {
            throw new InputError(`playbook '${String(raw.import_playbook)}' not found (${target})`, locAt(src, item, ['import_playbook']));
          }
          throw err;
        }
        continue;
      }
      plays.push(await parsePlay(ctx, src, item));
    }
    return plays;
  } finally {
    ctx.importStack.pop();
  }
}

export async function loadPlaybook(path: string, opts: LoadOptions): Promise<Playbook> {
  const file = resolve(path);
  const dir = dirname(file);
  const ctx: LoadContext = {
    opts,
    catalog: catalogOf(opts),
    validators: compileValidators(),
    playbookDir: dir,
    importStack: [],
    roleStack: [],
    play: newPlayScope(),
  };
  return { path: file, dir, plays: await loadPlays(ctx, file) };
}
