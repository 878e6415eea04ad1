// Schema checks for each file kind, failing with the exact file:line:col of the offending node.
import type { ValidateFunction } from 'ajv';
import { InputError } from '../core/errors.ts';
import { describeAjvErrors } from './ajv-messages.ts';
import type { Issue } from './ajv-messages.ts';
import { keywordValidator } from './validator-factory.ts';
import { keywordSchemaNames, type KeywordSchemaName } from './validator-schemas.ts';
import { locAt } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';
import { toPlain } from '../template/python-numbers.ts';

export type Validators = Record<KeywordSchemaName, ValidateFunction>;

/** Compiled at run time from sources; precompiled (ajv standalone) in the bundle. */
export function compileValidators(): Validators {
  return Object.fromEntries(keywordSchemaNames.map((name) => [name, keywordValidator(name)])) as Validators;
}

/** Throws an InputError at the first problem's node; every problem is named in the message. */
export function throwIssues(src: YamlFile, node: unknown, issues: Issue[], prefix = ''): void {
  if (!issues.length) return;
  const first = issues[0];
  throw new InputError(prefix + issues.map((i) => i.message).join('; '), locAt(src, node, first.path, first.atKey));
}

export function checkShape(src: YamlFile, node: unknown, value: unknown, validate: ValidateFunction, noun: string, prefix = ''): void {
  if (validate(toPlain(value))) return; // a whole float (PyFloat box) is a number to the schema
  throwIssues(src, node, describeAjvErrors(validate.errors ?? [], { noun }), prefix);
}
