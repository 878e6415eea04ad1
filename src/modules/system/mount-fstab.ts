// fstab edits as ansible.posix.mount makes them: fields escaped (\040 for a space), the entry
// found by its mount point, changed fields rewritten in place, a new entry appended as
// 'src path fstype opts dump passno', comments and blank lines kept.

export interface FstabEntry {
  src: string;
  path: string;
  fstype: string;
  opts: string;
  dump: string;
  passno: string;
}

export function escapeField(value: string): string {
  return value.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/\t/g, '\\011').replace(/\n/g, '\\012');
}

function fields(line: string): string[] | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const parts = t.split(/\s+/);
  return parts.length >= 4 ? parts : undefined;
}

function lineOf(e: FstabEntry): string {
  return [e.src, e.path, e.fstype, e.opts, e.dump, e.passno].map(escapeField).join(' ');
}

/** The fstab text with `entry` present: { text, changed }. */
export function setFstabEntry(text: string, entry: FstabEntry): { text: string; changed: boolean } {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const wanted = [entry.src, entry.path, entry.fstype, entry.opts, entry.dump, entry.passno].map(escapeField);
  let found = false;
  let changed = false;
  const out = lines.map((line) => {
    const f = fields(line);
    if (!f || f[1] !== wanted[1]) return line;
    found = true;
    const current = [f[0], f[1], f[2], f[3], f[4] ?? '0', f[5] ?? '0'];
    if (current.every((v, i) => v === wanted[i])) return line;
    changed = true;
    return lineOf(entry);
  });
  if (!found) {
    out.push(lineOf(entry));
    changed = true;
  }
  return { text: `${out.join('\n')}\n`, changed };
}

/** The fstab text without entries for `path`. */
export function removeFstabEntry(text: string, path: string): { text: string; changed: boolean } {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const kept = lines.filter((line) => fields(line)?.[1] !== escapeField(path));
  if (kept.length === lines.length) return { text, changed: false };
  return { text: kept.length ? `${kept.join('\n')}\n` : '', changed: true };
}

/** ansible.posix's `boot: false`: adds noauto, unless opts has noauto or defaults (then a warning). */
export function bootOpts(opts: string, boot: boolean): { opts: string; warnings: string[] } {
  const list = opts.split(',');
  if (list.includes('noauto')) return { opts, warnings: boot ? [] : ["Ignore the 'boot' due to 'opts' contains 'noauto'."] };
  if (boot) return { opts, warnings: [] };
  if (list.includes('defaults')) return { opts, warnings: ["Ignore the 'boot' due to 'opts' contains 'defaults'."] };
  return { opts: [...list, 'noauto'].join(','), warnings: [] };
}
