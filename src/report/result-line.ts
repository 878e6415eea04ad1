// One host result as Ansible's default callback prints it.
import type { RunEvent } from './events.ts';
import type { Color } from './colors.ts';
import { floatRepr, jsonWithFloats, PyFloat } from '../template/python-numbers.ts';
import { UnsafeText } from '../core/unsafe.ts';

type HostResult = Extract<RunEvent, { type: 'host_result' }>;

/** JSON with Python's default separators (', ' and ': '), as Ansible prints results. */
export function ansibleJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (value instanceof UnsafeText) return JSON.stringify(value.text);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(ansibleJson).join(', ')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${ansibleJson(v)}`).join(', ')}}`;
}

const json = ansibleJson;

/** A result without Ansible's internal `_ansible_*` keys (they steer display, never shown). */
export function withoutInternalKeys<T extends Record<string, unknown>>(result: T): T {
  if (!Object.keys(result).some((k) => k.startsWith('_ansible_'))) return result;
  return Object.fromEntries(Object.entries(result).filter(([k]) => !k.startsWith('_ansible_'))) as T;
}

function itemText(item: unknown): string {
  if (item === null) return 'None';
  if (item instanceof UnsafeText) return item.text;
  return typeof item === 'string' ? item : json(item);
}

/** Keys shown for a failure without -v, in Ansible's order of interest. */
function failureBody(result: Record<string, unknown>): Record<string, unknown> {
  const { diff: _diff, failed: _failed, unreachable: _u, stdout_lines: _o, stderr_lines: _e, ...rest } = result;
  return rest;
}

/** Values a debug-like result prints even without -v (msg/var output of debug). */
function alwaysShown(result: Record<string, unknown>): Record<string, unknown> | undefined {
  if (result._ansible_verbose_always !== true) return undefined;
  const keys = Object.keys(result).filter((k) => !['changed', 'failed', 'skipped', 'diff'].includes(k) && !k.startsWith('_ansible_'));
  return Object.fromEntries(keys.map((k) => [k, result[k]]));
}

/**
 * Ansible's _handle_exception: a failure that carries a traceback (a Python action plugin's or
 * module's) gets a line before it, its last line (the whole traceback with -vvv).
 */
function exceptionLine(result: Record<string, unknown>, verbosity: number): string {
  if (typeof result.exception !== 'string') return '';
  if (verbosity >= 3) return `The full traceback is:\n${result.exception}\n`;
  const error = result.exception.trim().split('\n').at(-1);
  return `An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ${error}\n`;
}

export function resultLine(event: HostResult, verbosity: number): { text: string; color: Color } | undefined {
  const { host, status, result } = event;
  const target = event.delegatedTo ? `[${host} -> ${event.delegatedTo}]` : `[${host}]`;
  const item = event.item !== undefined ? ` (item=${itemText(event.item)})` : '';
  // the traceback is never part of the shown result (Ansible's _dump_results drops it)
  const { diff: _diff, exception: _exception, ...withDiffRemoved } = result;
  const withoutDiff = withoutInternalKeys(withDiffRemoved);
  const verbose = verbosity > 0 ? ` => ${json(withoutDiff)}` : '';
  if (event.loop) {
    // items were reported one by one; only a failure gets a closing line
    if (status !== 'failed') return undefined;
    return { text: `fatal: ${target}: FAILED! => ${json({ msg: result.msg ?? 'One or more items failed' })}`, color: 'red' };
  }
  switch (status) {
    case 'unreachable':
      return { text: `fatal: ${target}: UNREACHABLE! => ${json(failureBody(withoutDiff))}`, color: 'red' };
    case 'failed': {
      const before = exceptionLine(result, verbosity);
      if (item) return { text: `${before}failed: ${target}${item} => ${json(failureBody(withoutDiff))}`, color: 'red' };
      return { text: `${before}fatal: ${target}: FAILED! => ${json(failureBody(withoutDiff))}`, color: 'red' };
    }
    case 'skipped':
      return { text: `skipping: ${target}${item ? ` =>${item}` : ''}${verbosity > 0 ? verbose : ''}`, color: 'cyan' };
    default: {
      const shown = alwaysShown(result);
      const body = shown && verbosity === 0 ? ` => ${jsonWithFloats(shown, 4)}` : verbose;
      const label = status === 'changed' ? 'changed' : 'ok';
      return { text: `${label}: ${target}${item ? ` =>${item}` : ''}${body}`, color: status === 'changed' ? 'yellow' : 'green' };
    }
  }
}
