// The filter and test tables, by name (also with the `ansible.builtin.` prefix). A filter
// receives its operand possibly Undefined; only default/d/mandatory accept that.
import { isTruthy } from './convert.ts';
import type { EvalContext } from './eval-context.ts';
import { ExpressionError, Undefined, defined, type Kw } from './expression-values.ts';
import { dataFilters } from './filters-data.ts';
import { listFilters, type Filter } from './filters-lists.ts';
import { textFilters } from './filters-text.ts';
import { TESTS } from './tests.ts';
import { float, isFloat, num, PyFloat } from './python-numbers.ts';

function defaultFilter(value: unknown, args: unknown[], kwargs: Kw): unknown {
  const fallback = args[0] ?? kwargs.default_value;
  const ifFalsy = (args[1] ?? kwargs.boolean) === true;
  if (value instanceof Undefined || (ifFalsy && !isTruthy(value))) return fallback === undefined ? '' : fallback;
  return value;
}

const FILTERS: Record<string, Filter> = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory: (value, [message]) => {
    if (value instanceof Undefined) throw new ExpressionError(message !== undefined ? String(message) : `Mandatory variable '${value.path}' not defined.`);
    return value;
  },
  ...dataFilters,
  ...textFilters,
  ...listFilters(applyFilter, (name, value, args) => applyTest(name, value, args, {})),
};

const UNDEFINED_OK = new Set(['default', 'd', 'mandatory']);
const PREFIX = /^ansible\.builtin\./;

const withPrefix = (names: string[]): Set<string> => new Set([...names, ...names.map((n) => `ansible.builtin.${n}`)]);
export const FILTER_NAMES: ReadonlySet<string> = withPrefix(Object.keys(FILTERS));
export const TEST_NAMES: ReadonlySet<string> = withPrefix(Object.keys(TESTS));

// Filters that know Python floats; the others get plain numbers (a whole float is boxed, see
// python-numbers.ts), so `[1.0, 2] | max` gives 2 either way.
const FLOAT_AWARE = new Set([
  'default',
  'd',
  'mandatory',
  'int',
  'float',
  'round',
  'abs',
  'string',
  'to_json',
  'to_nice_json',
  'to_yaml',
  'to_nice_yaml',
  'type_debug',
  'ternary',
  'list',
  'first',
  'last',
]);

function plainNumbers(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value) && value.some((v) => v instanceof PyFloat)) return value.map(num);
  return value;
}

/** The items sum/min/max look at (an attribute of each when given). */
function numbersSeen(operand: unknown, args: unknown[], kwargs: Kw): unknown[] {
  const items = Array.isArray(operand) ? operand : [];
  const attr = kwargs.attribute;
  const seen = typeof attr === 'string' ? items.map((i) => (i && typeof i === 'object' ? (i as Record<string, unknown>)[attr] : i)) : items;
  return [...seen, ...args, kwargs.start];
}

/** sum/min/max of floats give a float (`[1.0, 2.0] | sum` is 3.0), as in Python. */
function floatResult(bare: string, operand: unknown, args: unknown[], kwargs: Kw, result: unknown): unknown {
  if (typeof result !== 'number') return result;
  const seen = numbersSeen(operand, args, kwargs);
  if (bare === 'sum') return seen.some(isFloat) ? float(result) : result;
  return seen.find((v) => v instanceof PyFloat && v.value === result) ?? result;
}

const FLOAT_RESULT = new Set(['sum', 'min', 'max']);

export function applyFilter(name: string, value: unknown, args: unknown[], kwargs: Kw, ctx: EvalContext): unknown {
  const bare = name.replace(PREFIX, '');
  const filter = FILTERS[bare];
  if (!filter) throw new ExpressionError(`warren does not support the filter '${name}'`);
  const operand = UNDEFINED_OK.has(bare) ? value : defined(value);
  if (FLOAT_AWARE.has(bare)) return filter(operand, args, kwargs, ctx);
  const result = filter(plainNumbers(operand), args.map(plainNumbers), kwargs, ctx);
  return FLOAT_RESULT.has(bare) ? floatResult(bare, operand, args, kwargs, result) : result;
}

export function applyTest(name: string, value: unknown, args: unknown[], kwargs: Kw, _ctx?: EvalContext): boolean {
  const bare = name.replace(PREFIX, '');
  const test = TESTS[bare];
  if (!test) throw new ExpressionError(`warren does not support the test '${name}'`);
  if (bare === 'number' || bare === 'float' || bare === 'integer') return test(value, args, kwargs);
  return test(plainNumbers(value), args.map(plainNumbers), kwargs);
}
