import { bool, conditions, countOrTemplate, mapping, str, tags } from './common.ts';

const taskList = { type: ['array', 'null'], items: { type: 'object' } };
const roleEntry = {
  anyOf: [{ type: 'string' }, { type: 'object', anyOf: [{ required: ['role'] }, { required: ['name'] }] }],
};

export const playSchema = {
  type: 'object',
  properties: {
    name: str,
    hosts: { type: ['string', 'array'], items: { type: 'string' } },
    vars: { type: ['object', 'null'] },
    vars_files: { type: ['array', 'null'], items: { type: 'string' } },
    roles: { type: ['array', 'null'], items: roleEntry },
    pre_tasks: taskList,
    tasks: taskList,
    post_tasks: taskList,
    handlers: taskList,
    gather_facts: bool,
    become: bool,
    become_user: str,
    remote_user: str,
    connection: { type: 'string', enum: ['ssh', 'local', 'smart', 'paramiko'] },
    serial: { type: ['integer', 'string', 'array'], items: { type: ['integer', 'string'] } },
    any_errors_fatal: bool,
    max_fail_percentage: { type: ['number', 'string'] },
    force_handlers: bool,
    throttle: countOrTemplate,
    tags,
    environment: mapping,
  },
  required: ['hosts'],
  additionalProperties: false,
};

export const playbookSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'object' },
};

export const importPlaybookSchema = {
  type: 'object',
  properties: { import_playbook: str, name: str, tags, vars: mapping, when: conditions },
  required: ['import_playbook'],
  additionalProperties: false,
};
