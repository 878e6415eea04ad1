// The action names the loader and runner handle themselves: no module stands behind them.
/** import_* are expanded at load time into Blocks; include_* (and the old include) run at run time. */
export const IMPORT_ACTIONS = ['import_tasks', 'include_tasks', 'import_role', 'include_role', 'include'];

/** `meta:` and the actions it takes, run by the runner itself. */
export const META_ACTION = 'meta';
/** async_status: the runner answers it from its own job table. */
export const ASYNC_STATUS_ACTION = 'async_status';
/** the actions the runner itself answers (no module behind them) */
export const RUNNER_ACTIONS = [META_ACTION, ASYNC_STATUS_ACTION];
export const META_ACTIONS = [
  'flush_handlers',
  'noop',
  'end_play',
  'end_host',
  'end_batch',
  'reset_connection',
  'clear_host_errors',
  'clear_facts',
  'refresh_inventory',
];
