// Fake module definitions for loader tests (the real registry is filled by other areas).
import type { ModuleDefinition } from '../../../src/modules/module.ts';
import type { ModuleCatalog } from '../../../src/load/options.ts';
import { canonicalModuleName } from '../../../src/modules/registry.ts';
import { nearestNames } from '../../../src/load/suggest.ts';

function fake(name: string, argsSchema: Record<string, unknown>, freeForm?: string): ModuleDefinition {
  return {
    name,
    argsSchema,
    freeForm,
    probe: async () => ({}),
    plan: () => ({ changed: false }),
    apply: async () => ({ changed: false }),
  };
}

const str = { type: 'string' };
export const fakeModules: ModuleDefinition[] = [
  fake('copy', {
    type: 'object',
    properties: { src: str, dest: str, content: str, mode: { type: ['string', 'integer'] }, backup: { type: 'boolean' } },
    required: ['dest'],
    additionalProperties: false,
  }),
  fake('file', {
    type: 'object',
    properties: { path: str, state: { enum: ['directory', 'file', 'touch', 'absent', 'link'] }, mode: { type: ['string', 'integer'] } },
    required: ['path'],
    additionalProperties: false,
  }),
  fake(
    'command',
    {
      type: 'object',
      properties: { cmd: str, argv: { type: 'array' }, chdir: str, creates: str, removes: str },
      anyOf: [{ required: ['cmd'] }, { required: ['argv'] }],
      additionalProperties: false,
    },
    'cmd',
  ),
  fake('debug', { type: 'object', properties: { msg: {}, var: str, verbosity: { type: 'integer' } }, additionalProperties: false }),
  fake('service', {
    type: 'object',
    properties: { name: str, state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] }, enabled: { type: 'boolean' } },
    required: ['name'],
    additionalProperties: false,
  }),
];

export const fakeCatalog: ModuleCatalog = {
  find: (name) => fakeModules.find((m) => m.name === canonicalModuleName(name)),
  suggest: (name) =>
    nearestNames(
      canonicalModuleName(name),
      fakeModules.map((m) => m.name),
    ),
};
