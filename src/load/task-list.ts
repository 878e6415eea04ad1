// A tasks file or a handler list -> TaskNodes (one list of tasks is parsed in task.ts).
import { basename } from 'node:path';
import type { SourceLocation } from '../core/location.ts';
import { InputError } from '../core/errors.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { Handler, TaskNode } from './model.ts';
import { parseTaskList } from './task.ts';
import { toJsChecked } from '../core/yaml-file.ts';
import { readYamlOnce } from './parsed-files.ts';
import type { YamlFile } from '../core/yaml-file.ts';
import { checkShape } from './validate.ts';

export async function parseHandlerList(ctx: LoadContext, src: YamlFile, seq: unknown, scope: TaskScope): Promise<Handler[]> {
  const nodes = await parseTaskList(ctx, src, seq, { ...scope, handlers: true });
  return nodes.map((n) => {
    if (n.kind === 'block') throw new InputError('handlers must be module tasks or include_tasks/include_role (no block or import)', n.loc);
    if (n.kind === 'include') return n;
    return scope.role ? { ...n, role: scope.role } : n;
  });
}

/** Reads a tasks file (or handlers file) and parses its list, guarding against import cycles. */
export async function loadTaskFile(ctx: LoadContext, file: string, scope: TaskScope, from?: SourceLocation): Promise<TaskNode[]> {
  if (ctx.importStack.includes(file)) {
    const cycle = [...ctx.importStack.slice(ctx.importStack.indexOf(file)), file].map((f) => basename(f));
    throw new InputError(`import cycle: ${cycle.join(' -> ')}`, from);
  }
  const src = await readYamlOnce(ctx, file);
  checkShape(src, src.doc.contents, toJsChecked(src), ctx.validators.tasksFile, 'key', 'a tasks file must be a list of tasks: ');
  ctx.importStack.push(file);
  try {
    return scope.handlers ? await parseHandlerList(ctx, src, src.doc.contents, scope) : await parseTaskList(ctx, src, src.doc.contents, scope);
  } finally {
    ctx.importStack.pop();
  }
}
