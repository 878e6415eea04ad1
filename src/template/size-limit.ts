// The bound on a template file (issue 17 item 9): its parsed tree costs about 20 times its source
// and its output is held whole until it is compared and uploaded, so both are capped. Past the cap
// the task fails before anything on the host changes, naming the file and the setting.
import { statSync } from 'node:fs';
import { TemplateError } from '../core/errors.ts';

const MIB = 1024 * 1024;
export const DEFAULT_TEMPLATE_MAX_MIB = 16;

/** ansible.cfg `[warren] template_max_mib` / WARREN_TEMPLATE_MAX_MIB in bytes; 0 means no limit. */
export function templateMaxBytes(mib: number | undefined): number | undefined {
  const value = mib ?? DEFAULT_TEMPLATE_MAX_MIB;
  return value === 0 ? undefined : value * MIB;
}

export function limitText(maxBytes: number): string {
  return `the limit of ${maxBytes / MIB} MiB (ansible.cfg [warren] template_max_mib or WARREN_TEMPLATE_MAX_MIB; 0 for none)`;
}

/** Refuses a template source over the limit before it is read or parsed. */
export function checkTemplateSource(path: string, maxBytes: number | undefined): void {
  if (maxBytes === undefined) return;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // the read that follows reports a missing file with its own message
  }
  if (size > maxBytes) throw new TemplateError(`template is ${(size / MIB).toFixed(1)} MiB, over ${limitText(maxBytes)}`, { file: path, line: 1, col: 1 });
}
