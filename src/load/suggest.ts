import { distance } from 'fastest-levenshtein';

/** Up to `count` candidates close to `name` (typos), nearest first. */
export function nearestNames(name: string, candidates: Iterable<string>, count = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: distance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || c.startsWith(name) || name.startsWith(c))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, count)
    .map(({ c }) => c);
}

/** " (did you mean 'x'?)" or " (did you mean 'x' or 'y'?)" or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestNames(name, candidates, 2);
  return near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : '';
}
