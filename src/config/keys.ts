// The ansible.cfg keys warren honours: section, key, environment variables (later ones win) and
// type, with the names ansible-core 2.14 gives them (lib/ansible/config/base.yml).
export interface ConfigKey {
  /** the AnsibleSettings field */
  name: string;
  section: string;
  ini: string;
  env: string[];
  type: 'string' | 'bool' | 'int' | 'path' | 'pathlist' | 'pathspec' | 'list' | 'choice';
  choices?: string[];
}

const key = (name: string, section: string, env: string[], type: ConfigKey['type'], ini = name, choices?: string[]): ConfigKey => ({
  name,
  section,
  ini,
  env,
  type,
  choices,
});

export const CONFIG_KEYS: ConfigKey[] = [
  key('inventory', 'defaults', ['ANSIBLE_INVENTORY'], 'pathlist'),
  key('remote_user', 'defaults', ['ANSIBLE_REMOTE_USER'], 'string'),
  key('private_key_file', 'defaults', ['ANSIBLE_PRIVATE_KEY_FILE'], 'path'),
  key('forks', 'defaults', ['ANSIBLE_FORKS'], 'int'),
  key('host_key_checking', 'defaults', ['ANSIBLE_HOST_KEY_CHECKING'], 'bool'),
  key('vault_password_file', 'defaults', ['ANSIBLE_VAULT_PASSWORD_FILE'], 'path'),
  key('vault_identity_list', 'defaults', ['ANSIBLE_VAULT_IDENTITY_LIST'], 'list'),
  key('ask_vault_pass', 'defaults', ['ANSIBLE_ASK_VAULT_PASS'], 'bool'),
  key('roles_path', 'defaults', ['ANSIBLE_ROLES_PATH'], 'pathspec'),
  key('library', 'defaults', ['ANSIBLE_LIBRARY'], 'pathspec'),
  key('timeout', 'defaults', ['ANSIBLE_TIMEOUT'], 'int'),
  key('gathering', 'defaults', ['ANSIBLE_GATHERING'], 'choice', 'gathering', ['implicit', 'explicit', 'smart']),
  key('ansible_managed', 'defaults', [], 'string'),
  key('any_errors_fatal', 'defaults', ['ANSIBLE_ANY_ERRORS_FATAL'], 'bool'),
  key('become', 'privilege_escalation', ['ANSIBLE_BECOME'], 'bool'),
  key('become_user', 'privilege_escalation', ['ANSIBLE_BECOME_USER'], 'string'),
  key('become_method', 'privilege_escalation', ['ANSIBLE_BECOME_METHOD'], 'string'),
  key('become_ask_pass', 'privilege_escalation', ['ANSIBLE_BECOME_ASK_PASS'], 'bool'),
  key('ssh_args', 'ssh_connection', ['ANSIBLE_SSH_ARGS'], 'string'),
  key('ssh_extra_args', 'ssh_connection', ['ANSIBLE_SSH_EXTRA_ARGS'], 'string'),
  key('ssh_retries', 'ssh_connection', ['ANSIBLE_SSH_RETRIES'], 'int', 'retries'),
  // warren's own: the template file size limit in MiB (src/template/size-limit.ts)
  key('template_max_mib', 'warren', ['WARREN_TEMPLATE_MAX_MIB'], 'int'),
];

/**
 * Keys whose effect warren always has, so setting them changes nothing and is not worth a warning:
 * modules are never copied to the host (pipelining), one connection per host stays open for the
 * run (control paths), no retry files are written, no cows are drawn.
 */
export const NO_EFFECT_KEYS = new Set([
  'ssh_connection/pipelining',
  'ssh_connection/control_path',
  'ssh_connection/control_path_dir',
  'connection/pipelining',
  'defaults/retry_files_enabled',
  'defaults/nocows',
  'defaults/deprecation_warnings',
]);
