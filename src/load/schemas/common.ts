// Building blocks shared by the file-kind schemas.
export const str = { type: 'string' };
export const bool = { type: 'boolean' };
export const mapping = { type: 'object' };
export const stringOrList = { type: ['string', 'array'], items: { type: ['string', 'number'] } };
export const conditions = { type: ['string', 'boolean', 'array'], items: { type: ['string', 'boolean'] } };
export const tags = { type: ['string', 'number', 'array'], items: { type: ['string', 'number'] } };
export const intOrTemplate = { type: ['integer', 'string'] };
export const numberOrTemplate = { type: ['number', 'string'] };
/** module_defaults: `{module: {arg: value}}`, or a list of such mappings */
export const moduleDefaults = { type: ['object', 'array', 'null'], items: { type: 'object' } };
/** A whole number (0 or more), or a template that renders to one. */
export const COUNT_PATTERN = '^\\s*\\d+\\s*$|\\{\\{';
export const countOrTemplate = { type: ['integer', 'string'], minimum: 0, pattern: COUNT_PATTERN };

/** Keywords every task, block and import may carry (inherited down by the runner). */
export const sharedTaskKeywords = {
  name: str,
  when: conditions,
  tags,
  become: bool,
  become_user: str,
  ignore_errors: bool,
  run_once: bool,
  delegate_to: str,
  check_mode: bool,
  diff: bool,
  no_log: bool,
  vars: { type: ['object', 'null'] },
  environment: mapping,
  any_errors_fatal: bool,
  become_method: str,
  remote_user: str,
  ignore_unreachable: bool,
  timeout: numberOrTemplate,
  module_defaults: moduleDefaults,
  // FQCN search list: warren's modules answer to their short and ansible.builtin names alike
  collections: { type: ['array', 'null'], items: { type: 'string' } },
  debugger: str,
  // at most N hosts run each task at once (0: no limit); a number or a template
  throttle: countOrTemplate,
};
