// Unified diffs of a task's planned or applied changes (--diff), coloured on a TTY.
import { createTwoFilesPatch } from 'diff';
import type { Diff } from '../modules/module.ts';
import { paint } from './colors.ts';

export function renderDiff(d: Diff, color = false): string {
  // Ansible: 'before: <header>' when the diff names one, plain 'before' otherwise
  const afterHeader = d.after_header ?? d.before_header;
  const before = d.before_header !== undefined ? `before: ${d.before_header}` : 'before';
  const after = afterHeader !== undefined ? `after: ${afterHeader}` : 'after';
  const patch = createTwoFilesPatch(before, after, d.before, d.after, undefined, undefined, { context: 3 });
  // createTwoFilesPatch starts with an '=====' line; Ansible shows only the ---/+++ headers.
  const lines = patch.split('\n').filter((l) => !/^=+$/.test(l));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (!color) return `${lines.join('\n')}\n`;
  return `${lines.map((l) => (l.startsWith('+') ? paint('green', l) : l.startsWith('-') ? paint('red', l) : l.startsWith('@@') ? paint('cyan', l) : l)).join('\n')}\n`;
}

/** A module's own mapping diff (file's), as Ansible's callback shows one: sorted JSON, indent 4. */
function serialized(side: unknown): string {
  if (typeof side === 'string') return side;
  if (side === null || side === undefined) return '';
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  return `${JSON.stringify(sorted(side), null, 4)}\n`;
}

/** Renders what a result's `diff` holds: warren's list of diffs, or a module's own mapping diff. */
export function renderDiffs(diffs: unknown, color = false): string {
  const list = Array.isArray(diffs) ? diffs : diffs && typeof diffs === 'object' ? [diffs] : [];
  return list
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && 'before' in d && 'after' in d)
    .map((d) => ({ ...(d as Partial<Diff>), before: serialized(d.before), after: serialized(d.after) }) as Diff)
    .filter((d) => d.before !== d.after)
    .map((d) => renderDiff(d, color))
    .join('');
}
