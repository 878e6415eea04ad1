// to_json, to_nice_json (indent 4, sorted keys, like Ansible) and to_yaml.
import { stringify } from 'yaml';
import { isPlainRecord } from '../convert.ts';
import { splitArgs, type HelperTable } from './helper-kit.ts';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainRecord(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

export const serializeHelpers: HelperTable = {
  to_json: (value) => JSON.stringify(value ?? null),
  to_nice_json: (...args) => {
    const { params } = splitArgs(args);
    const width = params[1] === undefined ? 4 : Number(params[1]);
    return JSON.stringify(sortKeys(params[0] ?? null), null, width);
  },
  to_yaml: (value) => stringify(value ?? null).replace(/\n$/, ''),
};
