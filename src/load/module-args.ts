// Module arguments checked against the module's JSON Schema. Literal arguments are checked at
// load time; arguments holding {{ }} are checked by the runner after rendering.
import { InputError } from '../core/errors.ts';
import type { ModuleDefinition } from '../modules/module.ts';
import type { SourceLocation } from '../core/location.ts';
import type { Vars } from '../core/vars.ts';
import { describeAjvErrors } from './ajv-messages.ts';
import type { Issue } from './ajv-messages.ts';
import { moduleArgsValidator } from './validator-factory.ts';
import type { PathSegment } from '../core/yaml-file.ts';
import { toPlain } from '../template/python-numbers.ts';

export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(hasTemplate);
  return false;
}

function valueAt(value: unknown, path: PathSegment[]): unknown {
  return path.reduce<unknown>((v, seg) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined), value);
}

/**
 * Problems with `args`, each prefixed with the module name. With `skipTemplated`, problems about
 * values that still hold {{ }} are left for the runner (unknown and missing keys are always real).
 */
export function moduleArgIssues(def: ModuleDefinition, args: Vars, skipTemplated: boolean): Issue[] {
  const validate = moduleArgsValidator(def);
  // a whole float (PyFloat box) is a number to the schema
  if (validate(toPlain(args))) return [];
  const issues = describeAjvErrors(validate.errors ?? [], { noun: 'argument' });
  return issues
    .filter((i) => !skipTemplated || i.atKey || /^(missing required|one of )/.test(i.message.slice(0, 20)) || !hasTemplate(valueAt(args, i.path)))
    .map((i) => ({ ...i, message: `${def.name}: ${i.message}` }));
}

/** A required argument is absent (not a wrong one): Ansible reports it when the task runs. */
export function isMissingArgument(issue: Issue): boolean {
  return /^\S+: (missing required|one of )/.test(issue.message);
}

/** Throws InputError at `loc` when the (rendered) arguments do not fit the module's schema. */
export function validateModuleArgs(def: ModuleDefinition, args: Vars, loc: SourceLocation): void {
  const issues = moduleArgIssues(def, args, false);
  if (issues.length) throw new InputError(issues.map((i) => i.message).join('; '), loc);
}
