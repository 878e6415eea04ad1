export const roleMetaSchema = {
  type: ['object', 'null'],
  properties: {
    dependencies: {
      type: ['array', 'null'],
      items: { anyOf: [{ type: 'string' }, { type: 'object', anyOf: [{ required: ['role'] }, { required: ['name'] }] }] },
    },
    galaxy_info: { type: ['object', 'null'] },
    allow_duplicates: { type: 'boolean' },
    argument_specs: { type: ['object', 'null'] },
    collections: { type: ['array', 'null'] },
  },
  additionalProperties: false,
};

export const varsFileSchema = {
  type: ['object', 'null'],
};
