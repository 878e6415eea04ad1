// Controller-side files a module reads (copy's and template's `src`).
import { isAbsolute } from 'node:path';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';

/** Resolves a controller-side `src` (absolute, or through the role/playbook search path). */
export function findControllerFile(ctx: ModuleContext, kind: 'files' | 'templates', src: string): string {
  if (isAbsolute(src)) return src;
  try {
    return ctx.findFile(kind, src);
  } catch (err) {
    throw new ModuleFailure(`could not find src '${src}': ${(err as Error).message}`);
  }
}
