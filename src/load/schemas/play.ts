import { bool, conditions, countOrTemplate, mapping, moduleDefaults, numberOrTemplate, str, tags } from './common.ts';

const taskList = { type: ['array', 'null'], items: { type: 'object' } };
const roleEntry = {
  anyOf: [{ type: 'string' }, { type: 'object', anyOf: [{ required: ['role'] }, { required: ['name'] }] }],
};

export const playSchema = {
  type: 'object',
  properties: {
    name: str,
    hosts: { type: ['string', 'array'], items: { type: 'string' } },
    vars: { type: ['object', 'array', 'null'], items: { type: 'object' } },
    vars_files: { type: ['array', 'string', 'null'], items: { type: ['string', 'array'] } },
    vars_prompt: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: {
          name: str,
          prompt: str,
          default: {},
          private: bool,
          confirm: bool,
          encrypt: str,
          salt_size: { type: 'integer' },
          salt: str,
          unsafe: bool,
        },
        required: ['name'],
        additionalProperties: false,
      },
    },
    roles: { type: ['array', 'null'], items: roleEntry },
    pre_tasks: taskList,
    tasks: taskList,
    post_tasks: taskList,
    handlers: taskList,
    gather_facts: bool,
    become: bool,
    become_user: str,
    become_method: str,
    remote_user: str,
    user: str,
    port: { type: ['integer', 'string'] },
    connection: { type: 'string', enum: ['ssh', 'local', 'smart', 'paramiko'] },
    // a template is rendered at load time with extra and play vars (Ansible renders it per play)
    strategy: { type: 'string', pattern: '^(linear|free|host_pinned|debug)$|\\{\\{' },
    check_mode: bool,
    diff: bool,
    no_log: bool,
    ignore_errors: bool,
    ignore_unreachable: bool,
    run_once: bool,
    timeout: numberOrTemplate,
    module_defaults: moduleDefaults,
    gather_subset: { type: ['array', 'string'], items: { type: 'string' } },
    gather_timeout: { type: ['integer', 'string'] },
    fact_path: str,
    order: { type: 'string', enum: ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] },
    collections: { type: ['array', 'null'], items: { type: 'string' } },
    debugger: str,
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
