// The build-time ajv standalone module must give the very same errors as run-time compilation,
// because describeAjvErrors turns them into the messages users read.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describeAjvErrors } from '../../../src/load/ajv-messages.ts';
import { standaloneValidatorsModule } from '../../../src/load/standalone-validators.ts';
import { keywordValidator, moduleArgsValidator } from '../../../src/load/validator-factory.ts';
import { keywordSchemas, type KeywordSchemaName } from '../../../src/load/validator-schemas.ts';
import type { ModuleDefinition } from '../../../src/modules/module.ts';
import { findModule, moduleNames } from '../../../src/modules/registry.ts';

interface Precompiled {
  keywordValidator(name: KeywordSchemaName): ValidateFunction;
  moduleArgsValidator(def: Pick<ModuleDefinition, 'name'>): ValidateFunction;
}

const resolveFromHere = createRequire(import.meta.url).resolve;

const keywordSamples: [KeywordSchemaName, unknown][] = [
  ['playbook', []],
  ['playbook', [1, 'x']],
  ['play', { hosts: 1, taks: [], connection: 'telnet', serial: [true] }],
  ['play', { name: 'no hosts', roles: [{ rol: 'x' }, 5] }],
  ['taskKeywords', { register: '1bad', when: 3, loop_control: { loop_vr: 'x' } }],
  ['block', { rescue: 'x' }],
  ['roleImportArgs', { tasks_from: 1 }],
  ['roleMeta', { dependencies: [{ rol: 'a' }], extra: 1 }],
  ['varsFile', []],
  ['play', { hosts: 'all' }],
];

const moduleSamples: [string, unknown][] = [
  ['copy', { dest: '', dset: 'y', backup: 'maybe' }],
  ['copy', { content: 'x' }],
  ['file', { path: '/x', state: 'present' }],
  ['wait_for', { port: 70000, delay: -1 }],
  ['copy', { dest: '/x', content: 'y' }],
];

describe('precompiled (ajv standalone) validators', () => {
  let dir: string;
  let precompiled: Precompiled;

  before(async () => {
    const moduleArgs = Object.fromEntries(moduleNames().map((name) => [name, findModule(name)!.argsSchema]));
    const code = standaloneValidatorsModule({ keyword: keywordSchemas, moduleArgs }, (bare) => resolveFromHere(bare));
    dir = mkdtempSync(join(tmpdir(), 'warren-standalone-'));
    writeFileSync(join(dir, 'validators.mjs'), code);
    precompiled = (await import(pathToFileURL(join(dir, 'validators.mjs')).href)) as Precompiled;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const outcome = (validate: ValidateFunction, data: unknown) => {
    const valid = validate(data);
    const errors = validate.errors ?? [];
    return { valid, errors, messages: describeAjvErrors(errors, { noun: 'keyword' }) };
  };

  it('keyword schemas: same validity, same ajv errors, same messages', () => {
    for (const [name, data] of keywordSamples) {
      expect(outcome(precompiled.keywordValidator(name), data), name).to.deep.equal(outcome(keywordValidator(name), data));
    }
  });

  it('module argument schemas: same validity, same ajv errors, same messages', () => {
    for (const [name, data] of moduleSamples) {
      const def = findModule(name)!;
      const fromBuild = outcome(precompiled.moduleArgsValidator(def), data);
      expect(fromBuild, name).to.deep.equal(outcome(moduleArgsValidator(def), data));
    }
    expect(outcome(precompiled.moduleArgsValidator(findModule('copy')!), { dest: '', dset: 'y' }).messages.map((m) => m.message)).to.deep.equal([
      "unknown keyword 'dset' (did you mean 'dest'?)",
      "'dest' must not be empty",
    ]);
  });

  it('has a validator for every registered module and names a missing one', () => {
    for (const name of moduleNames()) expect(precompiled.moduleArgsValidator({ name })).to.be.a('function');
    expect(() => precompiled.moduleArgsValidator({ name: 'nope' })).to.throw("no precompiled argument schema for module 'nope'");
  });
});
