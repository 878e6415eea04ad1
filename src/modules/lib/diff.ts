// Diffs for the reporter to render: full text for files, YAML-ish text for other state.
import { createHash } from 'node:crypto';
import type { Diff } from '../module.ts';
import type { FileState } from './probe.ts';

export const MAX_DIFF_BYTES = 256 * 1024;

export function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

function unshowable(content: Buffer | undefined, size: number): string | undefined {
  if (size > MAX_DIFF_BYTES || (size > 0 && content === undefined)) return 'larger than 256 KiB';
  if (content && !isText(content)) return 'binary';
  return undefined;
}

/** Diff of a file's content; binary or large content is summarised (a checksum), not shown. */
export function contentDiff(path: string, before: FileState, after: Buffer): Diff {
  const headers = { before_header: path, after_header: path };
  const beforeContent = before.exists ? before.content : Buffer.alloc(0);
  const reason = (before.exists ? unshowable(before.content, before.size ?? 0) : undefined) ?? unshowable(after, after.length);
  if (reason) {
    const summary = (sha?: string) => `(${reason} content, diff not shown${sha ? `; sha256 ${sha}` : ''})\n`;
    return { before: before.exists ? summary(before.sha256) : '', after: summary(sha256(after)), ...headers };
  }
  return { before: (beforeContent ?? Buffer.alloc(0)).toString('utf8'), after: after.toString('utf8'), ...headers };
}

/** 'path: x\nstate: absent\n' style diff of any other state. */
export function stateDiff(path: string, before: Record<string, unknown>, after: Record<string, unknown>): Diff {
  const text = (values: Record<string, unknown>) =>
    `path: ${path}\n${Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${String(v)}\n`)
      .join('')}`;
  return { before: text(before), after: text(after), before_header: path, after_header: path };
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
