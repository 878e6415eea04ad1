// A task's or include's loop on one host: the items (loop: or with_<lookup>:) and the vars each
// item runs with (loop_var, index_var, ansible_loop when extended), as Ansible's TaskExecutor sets them.
import type { LoopControl, LoopKeywords } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { InputError } from '../core/errors.ts';
import type { Inherited } from './inherit.ts';
import type { PlayContext } from './run-context.ts';
import { lookupItems } from './loop-lookups.ts';
import { isUnsafe, markUnsafe } from '../core/unsafe.ts';

export function hasLoop(node: LoopKeywords): boolean {
  return node.loop !== undefined || node.loopLookup !== undefined;
}

/** The rendered items; LookupError and TemplateError fail the task on this host. */
export function loopItems(pc: PlayContext, node: LoopKeywords & { loc: SourceLocation }, inh: Inherited, vars: Vars): unknown[] {
  if (node.loopLookup) {
    const terms = pc.run.engine.renderValue(node.loopLookup.terms, vars, node.loc);
    // a lookup's items are data (unsafe), never templated again, as Ansible's with_* gives them
    return lookupItems(node.loopLookup.name, terms, { rolePath: inh.role?.path, playbookDir: pc.play.dir ?? pc.run.playbook.dir }).map(markUnsafe);
  }
  const rendered = pc.run.engine.renderValue(node.loop, vars, node.loc);
  if (!Array.isArray(rendered))
    throw new InputError(
      `Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(rendered)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`,
      node.loc,
    );
  // a loop over unsafe data (`loop: "{{ result.results }}"`) gives unsafe items
  return isUnsafe(rendered) ? rendered.map(markUnsafe) : rendered;
}

/** A loop that names an undefined variable: Ansible defers the error until `when` has been
 * evaluated without the item, so `when: false` skips the task instead of failing it. */
export function isUndefinedLoopError(err: unknown): boolean {
  return err instanceof Error && / is undefined\b/.test(err.message);
}

/** loop_control with a templated loop_var/index_var rendered with the task's vars (Ansible templates them). */
export function renderedControl(pc: PlayContext, control: LoopControl | undefined, vars: Vars, where: SourceLocation): LoopControl | undefined {
  if (!control || !(control.loop_var?.includes('{{') || control.index_var?.includes('{{'))) return control;
  const render = (name: string | undefined) => (name?.includes('{{') ? String(pc.run.engine.renderString(name, vars, where)) : name);
  return { ...control, loop_var: render(control.loop_var), index_var: render(control.index_var) };
}

/** The vars of item `index`; the same keys go into the item's result. */
export function itemVars(control: LoopControl | undefined, items: unknown[], index: number): Vars {
  const loopVar = control?.loop_var ?? 'item';
  const out: Vars = { [loopVar]: items[index], ansible_loop_var: loopVar };
  if (control?.index_var) {
    out[control.index_var] = index;
    out.ansible_index_var = control.index_var;
  }
  if (control?.extended) {
    const length = items.length;
    const loop: Vars = {
      index: index + 1,
      index0: index,
      revindex: length - index,
      revindex0: length - index - 1,
      first: index === 0,
      last: index === length - 1,
      length,
    };
    if (control.extended_allitems !== false) loop.allitems = items;
    if (index > 0) loop.previtem = items[index - 1];
    if (index < length - 1) loop.nextitem = items[index + 1];
    out.ansible_loop = loop;
  }
  return out;
}

/** loop_control.pause in milliseconds (a number or a template rendered with the host's vars). */
export function pauseMs(pc: PlayContext, control: LoopControl | undefined, vars: Vars, where: SourceLocation): number {
  if (control?.pause === undefined) return 0;
  const raw = typeof control.pause === 'number' ? control.pause : pc.run.engine.renderString(String(control.pause), vars, where);
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InputError(`loop_control.pause must be a number of seconds, got ${JSON.stringify(raw)}`, where);
  return seconds * 1000;
}
