// Task, handler and block schemas. A task's module key is not a keyword: the task schema checks
// the keywords' types only and the loader finds the one module key among the remaining keys.
import { bool, conditions, intOrTemplate, mapping, numberOrTemplate, sharedTaskKeywords, str, stringOrList } from './common.ts';
import { LOOP_LOOKUPS } from '../loop-keywords.ts';

const loopKeywords = {
  loop: { type: ['array', 'string'] },
  ...Object.fromEntries(LOOP_LOOKUPS.map((name) => [`with_${name}`, {}])),
  loop_control: {
    type: 'object',
    properties: { loop_var: str, index_var: str, label: {}, extended: bool, extended_allitems: bool, pause: numberOrTemplate },
    additionalProperties: false,
  },
};

export const taskOnlyKeywords = {
  ...loopKeywords,
  register: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  notify: stringOrList,
  changed_when: conditions,
  failed_when: conditions,
  until: conditions,
  retries: intOrTemplate,
  delay: numberOrTemplate,
  async: numberOrTemplate,
  poll: numberOrTemplate,
  delegate_facts: bool,
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

/** import_tasks/import_role: the import plus the block keywords. */
export const importKeywordsSchema = {
  type: 'object',
  properties: { ...sharedTaskKeywords },
};

/** include_tasks/include_role: evaluated at run time, so they loop too. */
export const includeKeywordsSchema = {
  type: 'object',
  properties: { ...sharedTaskKeywords, ...loopKeywords, args: mapping, register: str, action: {}, local_action: {} },
};

export const roleImportArgsSchema = {
  type: 'object',
  properties: {
    name: str,
    tasks_from: str,
    vars_from: str,
    defaults_from: str,
    handlers_from: str,
    public: bool,
    allow_duplicates: bool,
    rolespec_validate: bool,
    apply: mapping,
  },
  required: ['name'],
  additionalProperties: false,
};

export const includeTasksArgsSchema = {
  type: 'object',
  properties: { file: str, _raw_params: str, apply: mapping },
  additionalProperties: false,
};

export const tasksFileSchema = {
  type: ['array', 'null'],
  items: { type: 'object' },
};
