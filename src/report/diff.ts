// Unified diffs of a task's planned or applied changes (--diff), coloured on a TTY.
import { createTwoFilesPatch } from 'diff';
import type { Diff } from '../modules/module.ts';
import { paint } from './colors.ts';

export function renderDiff(d: Diff, color = false): string {
  const before = d.beforeHeader ?? 'before';
  const after = d.afterHeader ?? d.beforeHeader ?? 'after';
  const patch = createTwoFilesPatch(`before: ${before}`, `after: ${after}`, d.before, d.after, undefined, undefined, { context: 3 });
  // createTwoFilesPatch starts with an '=====' line; Ansible shows only the ---/+++ headers.
  const lines = patch.split('\n').filter((l) => !/^=+$/.test(l));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (!color) return `${lines.join('\n')}\n`;
  return `${lines.map((l) => (l.startsWith('+') ? paint('green', l) : l.startsWith('-') ? paint('red', l) : l.startsWith('@@') ? paint('cyan', l) : l)).join('\n')}\n`;
}

export function renderDiffs(diffs: unknown, color = false): string {
  if (!Array.isArray(diffs)) return '';
  return diffs
    .filter((d): d is Diff => !!d && typeof d === 'object' && typeof (d as Diff).before === 'string' && typeof (d as Diff).after === 'string')
    .map((d) => renderDiff(d, color))
    .join('');
}
