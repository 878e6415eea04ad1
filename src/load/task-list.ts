// A list of tasks (a play section, a block section, a tasks file) -> TaskNodes.
import { basename } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { SourceLocation } from './location.ts';
import { InputError } from '../errors.ts';
import type { LoadContext, TaskScope } from './context.ts';
import type { ModuleTask, TaskNode } from './model.ts';
import { parseTask } from './task.ts';
import { locOfNode, readYamlFile } from './yaml-file.ts';
import type { YamlFile } from './yaml-file.ts';
import { checkShape } from './validate.ts';

export async function parseTaskList(ctx: LoadContext, src: YamlFile, seq: unknown, scope: TaskScope): Promise<TaskNode[]> {
  if (seq === null || seq === undefined) return [];
  if (!isSeq(seq)) throw new InputError('expected a list of tasks', locOfNode(src, seq as never));
  const out: TaskNode[] = [];
  for (const item of seq.items) {
    if (!isMap(item)) throw new InputError('a task must be a mapping (module: args, plus keywords)', locOfNode(src, item as never));
    out.push(...(await parseTask(ctx, src, item, scope)));
  }
  return out;
}

export async function parseHandlerList(ctx: LoadContext, src: YamlFile, seq: unknown, scope: TaskScope): Promise<ModuleTask[]> {
  const nodes = await parseTaskList(ctx, src, seq, { ...scope, handlers: true });
  return nodes.map((n) => {
    if (n.kind !== 'task') throw new InputError('handlers must be plain module tasks (no block or import)', n.loc);
    return scope.role ? { ...n, role: scope.role } : n;
  });
}

/** Reads a tasks file (or handlers file) and parses its list, guarding against import cycles. */
export async function loadTaskFile(ctx: LoadContext, file: string, scope: TaskScope, from?: SourceLocation): Promise<TaskNode[]> {
  if (ctx.importStack.includes(file)) {
    const cycle = [...ctx.importStack.slice(ctx.importStack.indexOf(file)), file].map((f) => basename(f));
    throw new InputError(`import cycle: ${cycle.join(' -> ')}`, from);
  }
  const src = await readYamlFile(file, ctx.opts);
  checkShape(src, src.doc.contents, src.doc.toJS(), ctx.validators.tasksFile, 'key', 'a tasks file must be a list of tasks: ');
  ctx.importStack.push(file);
  try {
    return scope.handlers ? await parseHandlerList(ctx, src, src.doc.contents, scope) : await parseTaskList(ctx, src, src.doc.contents, scope);
  } finally {
    ctx.importStack.pop();
  }
}
