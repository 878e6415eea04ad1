// The explicitly enabled plugins read from files, without starting an Erlang VM:
// `rabbitmq-plugins list -E` costs about 1 s of CPU per call, `cat` + `ls` a few milliseconds.
// What `list -E` prints is the enabled plugins file filtered to the plugins that are installed;
// so the probe reads exactly those two things. It does so only on the standard package layout
// with no setting that could move either (otherwise it asks the CLI, as before).

/** Markers of the file-based answer; anything else in the section is `rabbitmq-plugins` JSON. */
export const PLUGIN_FILES_MARK = '@@warren-plugin-files';
const ENABLED_MARK = '@@warren-enabled-plugins';
const NO_FILE_MARK = '@@warren-no-enabled-plugins-file';

/** Debian's and the RPM's layout (the CLI's defaults: RABBITMQ_HOME/plugins, CONFIG_BASE/enabled_plugins). */
const PLUGINS_DIR_GLOB = '/usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins';
const ENABLED_PLUGINS_FILE = '/etc/rabbitmq/enabled_plugins';
/** Files a setting that moves the plugins file or directory could live in. */
const SETTING_FILES = '/etc/rabbitmq/rabbitmq-env.conf /etc/default/rabbitmq-server /etc/systemd/system/rabbitmq-server.service.d/*.conf';
/** Environment variables (with and without the RABBITMQ_ prefix) that move them. */
const MOVING_VARIABLES = ['ENABLED_PLUGINS_FILE', 'PLUGINS_DIR', 'CONFIG_BASE', 'CONF_ENV_FILE', 'HOME'];

/**
 * Shell for the plugin probe section: the files when the layout is the standard one and nothing
 * moves them, else `fallback` (the CLI). Read-only.
 */
export function pluginFilesCommand(fallback: string): string {
  const unset = MOVING_VARIABLES.map((v) => `\${RABBITMQ_${v}-}${v === 'HOME' ? '' : `\${${v}-}`}`).join('');
  return [
    `set -- ${PLUGINS_DIR_GLOB}`,
    `if [ $# -eq 1 ] && [ -d "$1" ] && [ -z "${unset}" ] && ! grep -qsE 'PLUGINS|CONFIG_BASE|CONF_ENV_FILE|RABBITMQ_HOME' ${SETTING_FILES}; then`,
    `  echo '${PLUGIN_FILES_MARK}'; ls -1 "$1"; echo '${ENABLED_MARK}'`,
    `  if [ -e ${ENABLED_PLUGINS_FILE} ]; then cat ${ENABLED_PLUGINS_FILE}; else echo '${NO_FILE_MARK}'; fi`,
    `else ${fallback}; fi`,
  ].join('\n');
}

/** `rabbitmq_management-3.10.8` or `foo-1.2.ez` -> the plugin (application) name. */
export function pluginNameOfEntry(entry: string): string | undefined {
  const match = /^(.+)-[0-9][^-]*?(\.ez)?$/.exec(entry.trim());
  return match ? match[1] : undefined;
}

/**
 * The enabled plugins file: one Erlang list of atoms ending with a dot, e.g.
 * `[rabbitmq_management,'rabbitmq_shovel'].`. undefined when it is anything else (the caller
 * then asks the CLI, which knows every term syntax).
 */
export function parseEnabledPluginsFile(text: string): string[] | undefined {
  const body = text.replace(/%[^\n]*/g, '').trim();
  const list = /^\[([\s\S]*)\]\s*\.$/.exec(body);
  if (!list) return undefined;
  const inner = list[1].trim();
  if (inner === '') return [];
  const names: string[] = [];
  for (const item of inner.split(',')) {
    const atom = /^\s*(?:([a-z][A-Za-z0-9_@]*)|'([^'\\]+)')\s*$/.exec(item);
    if (!atom) return undefined;
    names.push(atom[1] ?? atom[2]);
  }
  return names;
}

/**
 * The section's file-based answer -> the explicitly enabled plugins that are installed (what
 * `list -E` shows), sorted. undefined when the section holds the CLI's answer or the file
 * cannot be read as a plain list.
 */
export function enabledPluginsFromFiles(output: string): string[] | undefined {
  if (!output.startsWith(PLUGIN_FILES_MARK)) return undefined;
  const at = output.indexOf(`\n${ENABLED_MARK}\n`);
  if (at < 0) return undefined;
  const installed = new Set(
    output
      .slice(PLUGIN_FILES_MARK.length, at)
      .split('\n')
      .map(pluginNameOfEntry)
      .filter((n): n is string => !!n),
  );
  const fileText = output.slice(at + ENABLED_MARK.length + 2);
  const listed = fileText.trim() === NO_FILE_MARK ? [] : parseEnabledPluginsFile(fileText);
  if (!listed) return undefined;
  return [...new Set(listed.filter((n) => installed.has(n)))].sort();
}
