// A user module's output read as Ansible's action plugin reads it (_parse_returned_data): the JSON
// object in stdout, junk lines before and after it ignored, `_ansible_*` keys (at any depth) and `invocation` dropped,
// stdout_lines/stderr_lines added. What is not JSON is a MODULE FAILURE with the raw output.
import type { ExecResult } from '../../connection/connection.ts';
import { type Diff, ModuleFailure } from '../module.ts';
import { NO_MODULE_UTILS, NO_PYTHON } from './module-launch.ts';

/** Ansible's _filter_non_json_lines: from the first line opening a JSON value to the last closing one. */
function jsonPart(stdout: string): string | undefined {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^\s*[{[]/.test(l));
  if (start === -1) return undefined;
  const close = lines[start]!.trimStart()[0] === '{' ? '}' : ']';
  let end = lines.length - 1;
  while (end > start && !lines[end]!.trimEnd().endsWith(close)) end--;
  return lines.slice(start, end + 1).join('\n');
}

function parsedObject(stdout: string): Record<string, unknown> | undefined {
  const text = jsonPart(stdout);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Ansible's strip_internal_keys: `_ansible_*` keys go, at every depth. */
function withoutInternalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutInternalKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('_ansible_'))
      .map(([k, v]) => [k, withoutInternalKeys(v)]),
  );
}

/** Ansible's callback text of one side of a diff: text as is, anything else as indented JSON. */
function diffSide(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : `${JSON.stringify(value, null, 4)}\n`;
}

/** A module's `diff` (one {before, after, before_header, after_header} or a list) as warren's diffs, for --diff. */
function diffsOf(raw: unknown): Diff[] {
  return (Array.isArray(raw) ? raw : [raw])
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && ('before' in d || 'after' in d))
    .map((d) => ({
      before: diffSide(d.before),
      after: diffSide(d.after),
      ...(typeof d.before_header === 'string' ? { before_header: d.before_header } : {}),
      ...(typeof d.after_header === 'string' ? { after_header: d.after_header } : {}),
    }));
}

/** `where`: the module's name and file, for messages that must say which module and host. */
export function moduleOutput(r: ExecResult, where: { module: string; file: string; host: string }): Record<string, unknown> {
  if (r.code === 127 && r.stderr.includes(NO_PYTHON))
    throw new ModuleFailure(
      `${where.module} (${where.file}) needs python3 on ${where.host}: ${r.stderr.trim().replace(/^warren: /, '')}; set ansible_python_interpreter to one`,
    );
  const data = parsedObject(r.stdout);
  if (data && typeof data[NO_MODULE_UTILS] === 'string')
    throw new ModuleFailure(
      `${where.module} (${where.file}) imports ansible.module_utils, which ${data[NO_MODULE_UTILS]} on ${where.host} cannot import: install ansible-core there (Debian: apt-get install ansible-core) or point ansible_python_interpreter at a python that has it`,
    );
  if (!data)
    throw new ModuleFailure('MODULE FAILURE\nSee stdout/stderr for the exact error', {
      module_stdout: r.stdout,
      module_stderr: r.stderr,
      rc: r.code ?? -1,
      ...(r.signal ? { signal: r.signal } : {}),
    });
  // `invocation` (AnsibleModule's echo of its arguments) is never registered by Ansible either
  const { invocation: _invocation, ...result } = withoutInternalKeys(data) as Record<string, unknown>;
  result.changed = result.changed === true || result.changed === 'true' || result.changed === 1;
  if (result.failed !== undefined) result.failed = result.failed === true || result.failed === 'true' || result.failed === 1;
  if (result.diff !== undefined) result.diff = diffsOf(result.diff);
  for (const stream of ['stdout', 'stderr'] as const)
    if (typeof result[stream] === 'string' && !(`${stream}_lines` in result))
      result[`${stream}_lines`] = (result[stream] as string).split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== '');
  return result;
}
