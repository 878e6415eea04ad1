// Task, handler and block schemas. A task's module key is not a keyword: the task schema checks
// the keywords' types only and the loader finds the one module key among the remaining keys.
import { conditions, intOrTemplate, mapping, sharedTaskKeywords, str, stringOrList } from './common.ts';

export const taskOnlyKeywords = {
  loop: { type: ['array', 'string'] },
  with_items: { type: ['array', 'string'] },
  loop_control: {
    type: 'object',
    properties: { loop_var: str, index_var: str, label: str },
    additionalProperties: false,
  },
  register: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  notify: stringOrList,
  changed_when: conditions,
  failed_when: conditions,
  until: conditions,
  retries: intOrTemplate,
  delay: intOrTemplate,
  args: mapping,
  action: { type: ['string', 'object'] },
  local_action: { type: ['string', 'object'] },
};

export const taskKeywordsSchema = {
  type: 'object',
  properties: { ...sharedTaskKeywords, ...taskOnlyKeywords },
};

export const handlerKeywordsSchema = {
  type: 'object',
  properties: { ...sharedTaskKeywords, ...taskOnlyKeywords, listen: stringOrList },
};

export const blockSchema = {
  type: 'object',
  properties: {
    ...sharedTaskKeywords,
    block: { type: ['array', 'null'], items: { type: 'object' } },
    rescue: { type: ['array', 'null'], items: { type: 'object' } },
    always: { type: ['array', 'null'], items: { type: 'object' } },
  },
  required: ['block'],
  additionalProperties: false,
};

/** import_tasks/include_tasks/import_role/include_role: the import plus the block keywords. */
export const importKeywordsSchema = {
  type: 'object',
  properties: { ...sharedTaskKeywords },
};

export const roleImportArgsSchema = {
  type: 'object',
  properties: { name: str, tasks_from: str, vars_from: str, defaults_from: str, handlers_from: str, public: { type: 'boolean' } },
  required: ['name'],
  additionalProperties: false,
};

export const tasksFileSchema = {
  type: ['array', 'null'],
  items: { type: 'object' },
};
