// Schema checks for each file kind, failing with the exact file:line:col of the offending node.
import type { ValidateFunction } from 'ajv';
import { InputError } from '../errors.ts';
import { describeAjvErrors, sharedAjv } from './ajv-messages.ts';
import type { Issue } from './ajv-messages.ts';
import { blockSchema, handlerKeywordsSchema, importKeywordsSchema, roleImportArgsSchema, taskKeywordsSchema, tasksFileSchema } from './schemas/task.ts';
import { importPlaybookSchema, playSchema, playbookSchema } from './schemas/play.ts';
import { roleMetaSchema, varsFileSchema } from './schemas/role.ts';
import { locAt } from './yaml-file.ts';
import type { YamlFile } from './yaml-file.ts';

export interface Validators {
  playbook: ValidateFunction;
  play: ValidateFunction;
  importPlaybook: ValidateFunction;
  taskKeywords: ValidateFunction;
  handlerKeywords: ValidateFunction;
  block: ValidateFunction;
  importKeywords: ValidateFunction;
  roleImportArgs: ValidateFunction;
  tasksFile: ValidateFunction;
  roleMeta: ValidateFunction;
  varsFile: ValidateFunction;
}

export function compileValidators(): Validators {
  const ajv = sharedAjv();
  return {
    playbook: ajv.compile(playbookSchema),
    play: ajv.compile(playSchema),
    importPlaybook: ajv.compile(importPlaybookSchema),
    taskKeywords: ajv.compile(taskKeywordsSchema),
    handlerKeywords: ajv.compile(handlerKeywordsSchema),
    block: ajv.compile(blockSchema),
    importKeywords: ajv.compile(importKeywordsSchema),
    roleImportArgs: ajv.compile(roleImportArgsSchema),
    tasksFile: ajv.compile(tasksFileSchema),
    roleMeta: ajv.compile(roleMetaSchema),
    varsFile: ajv.compile(varsFileSchema),
  };
}

/** Throws an InputError at the first problem's node; every problem is named in the message. */
export function throwIssues(src: YamlFile, node: unknown, issues: Issue[], prefix = ''): void {
  if (!issues.length) return;
  const first = issues[0];
  throw new InputError(prefix + issues.map((i) => i.message).join('; '), locAt(src, node, first.path, first.atKey));
}

export function checkShape(src: YamlFile, node: unknown, value: unknown, validate: ValidateFunction, noun: string, prefix = ''): void {
  if (validate(value)) return;
  throwIssues(src, node, describeAjvErrors(validate.errors ?? [], { noun }), prefix);
}
