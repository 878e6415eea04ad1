// Ansible's tag selection (Taggable.evaluate_tags): always, never, tagged, untagged, all.
export interface TagSelection {
  only: string[]; // --tags; empty means 'all'
  skip: string[]; // --skip-tags
}

/** Whether a task with these (inherited + own) tags runs under the selection. */
export function shouldRunTags(taskTags: Iterable<string>, selection: TagSelection): boolean {
  const own = new Set(taskTags);
  const tags = own.size === 0 ? new Set(['untagged']) : own;
  const isUntagged = own.size === 0;
  const only = selection.only.length ? selection.only : ['all'];
  const overlaps = (list: string[]) => list.some((t) => tags.has(t));

  let run: boolean;
  if (tags.has('always')) run = true;
  else if (only.includes('all') && !tags.has('never')) run = true;
  else if (overlaps(only)) run = true;
  else run = only.includes('tagged') && !isUntagged && !tags.has('never');

  if (run && selection.skip.length) {
    const skip = selection.skip;
    if (skip.includes('all')) run = tags.has('always') && !skip.includes('always');
    else if (overlaps(skip)) run = false;
    else if (skip.includes('tagged') && !isUntagged) run = false;
  }
  return run;
}

/** Splits comma-separated tag options ('a,b' 'c') into a flat, trimmed list. */
export function splitTagList(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
}
