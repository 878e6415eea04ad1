// The JSON Schema of every file kind and keyword set, by validator name: one list shared by the
// run-time compiler (validator-factory.ts) and the build-time standalone generator.
import {
  blockSchema,
  handlerKeywordsSchema,
  importKeywordsSchema,
  includeKeywordsSchema,
  includeTasksArgsSchema,
  roleImportArgsSchema,
  taskKeywordsSchema,
  tasksFileSchema,
} from './schemas/task.ts';
import { importPlaybookSchema, playSchema, playbookSchema } from './schemas/play.ts';
import { roleMetaSchema, varsFileSchema } from './schemas/role.ts';

export const keywordSchemas = {
  playbook: playbookSchema,
  play: playSchema,
  importPlaybook: importPlaybookSchema,
  taskKeywords: taskKeywordsSchema,
  handlerKeywords: handlerKeywordsSchema,
  block: blockSchema,
  importKeywords: importKeywordsSchema,
  includeKeywords: includeKeywordsSchema,
  includeTasksArgs: includeTasksArgsSchema,
  roleImportArgs: roleImportArgsSchema,
  tasksFile: tasksFileSchema,
  roleMeta: roleMetaSchema,
  varsFile: varsFileSchema,
} as const;

export type KeywordSchemaName = keyof typeof keywordSchemas;

export const keywordSchemaNames = Object.keys(keywordSchemas) as KeywordSchemaName[];
