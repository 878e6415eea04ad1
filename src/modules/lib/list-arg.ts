// Ansible's `list` argument type: a list as given, or a string split on commas.
export function asList(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;
}

/** JSON Schema of a list of strings that also takes a comma-separated string. */
export const stringListSchema = { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] };
