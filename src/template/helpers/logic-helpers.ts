// Comparison and boolean helpers for `{{#if (eq a b)}}` style conditions inside templates.
import { contains, deepEqual, isTruthy } from '../convert.ts';
import { splitArgs, type HelperTable } from './helper-kit.ts';

function ordered(a: unknown, b: unknown): [number | string, number | string] {
  const bothNumbers = typeof a === 'number' && typeof b === 'number';
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothNumbers && !bothStrings) throw new Error(`cannot compare ${JSON.stringify(a)} with ${JSON.stringify(b)}`);
  return [a as number | string, b as number | string];
}

export const logicHelpers: HelperTable = {
  eq: (a, b) => deepEqual(a, b),
  ne: (a, b) => !deepEqual(a, b),
  lt: (a, b) => {
    const [x, y] = ordered(a, b);
    return x < y;
  },
  gt: (a, b) => {
    const [x, y] = ordered(a, b);
    return x > y;
  },
  le: (a, b) => {
    const [x, y] = ordered(a, b);
    return x <= y;
  },
  ge: (a, b) => {
    const [x, y] = ordered(a, b);
    return x >= y;
  },
  and: (...args) => splitArgs(args).params.every(isTruthy),
  or: (...args) => splitArgs(args).params.some(isTruthy),
  not: (value) => !isTruthy(value),
  in: (needle, haystack) => contains(haystack, needle),
};
