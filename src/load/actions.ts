// The action names the loader and runner handle themselves: no module stands behind them.
/** import_* are expanded at load time into Blocks; include_* (and the old include) run at run time. */
export const IMPORT_ACTIONS = ['import_tasks', 'include_tasks', 'import_role', 'include_role', 'include'];

/** `meta:` and the actions it takes, run by the runner itself. */
export const META_ACTION = 'meta';
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
