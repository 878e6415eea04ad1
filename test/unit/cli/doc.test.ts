import { expect } from 'chai';
import { moduleDoc } from '../../../src/cli/doc-model.ts';
import { formatModuleDoc } from '../../../src/cli/doc-action.ts';
import { findModule, moduleNames } from '../../../src/modules/registry.ts';
import { parseAdhocArgs } from '../../../src/cli/adhoc-play.ts';

describe('warren doc (from the argument schemas)', () => {
  it('lists every argument the schema accepts with its type, choices and required', () => {
    const doc = moduleDoc(findModule('service')!);
    const byName = Object.fromEntries(doc.arguments.map((a) => [a.name, a]));
    const schemaArgs = Object.keys((findModule('service')!.argsSchema.properties ?? {}) as object);
    expect(Object.keys(byName).sort()).to.deep.equal(schemaArgs.sort());
    expect(byName.name).to.include({ type: 'str', required: true });
    expect(byName.state!.choices).to.include('restarted');
    expect(byName.enabled).to.include({ type: 'bool', required: false });
  });

  it('folds aliases into their argument; one-of groups of aliases make it required', () => {
    const doc = moduleDoc(findModule('file')!);
    const path = doc.arguments.find((a) => a.name === 'path')!;
    expect(path).to.deep.include({ required: true, aliases: ['dest', 'name'] });
    expect(doc.arguments.map((a) => a.name)).not.to.include('dest');
    expect(formatModuleDoc(doc)).to.contain('= path\n        type: str\n        required: true\n        aliases: [dest, name]');
  });

  it('says how check and diff mode behave, and gives an example', () => {
    const text = formatModuleDoc(moduleDoc(findModule('command')!));
    expect(text).to.contain('check_mode: partial (predicted only with creates/removes');
    expect(text).to.contain('EXAMPLES:');
    expect(moduleDoc(findModule('copy')!)).to.include({ check: 'full', diff: 'full' });
  });

  it('documents every registered module, RabbitMQ ones included', () => {
    for (const name of moduleNames()) {
      const doc = moduleDoc(findModule(name)!);
      expect(doc.name).to.equal(name);
      expect(formatModuleDoc(doc)).to.match(new RegExp(`^> ${name.toUpperCase()}\\n`));
    }
    expect(moduleDoc(findModule('rabbitmq_user')!).arguments.find((a) => a.name === 'user')).to.include({ required: true });
  });
});

describe('warren doc examples', () => {
  it('every example is a valid one-task YAML list whose arguments fit the module schema', async () => {
    const { parse } = await import('yaml');
    const { MODULE_NOTES } = await import('../../../src/cli/doc-notes.ts');
    for (const name of moduleNames()) {
      const doc = moduleDoc(findModule(name)!);
      if (!doc.example) continue;
      const text = formatModuleDoc(doc).split('EXAMPLES:\n\n')[1]!;
      const tasks = parse(text) as Array<Record<string, unknown>>;
      expect(tasks, name).to.have.length(1);
      expect(Object.keys(tasks[0]!), name).to.include(name);
      // the example's arguments pass the same schema check as a task's
      const args = tasks[0]![name];
      expect(() => parseAdhocArgs(name, typeof args === 'string' ? args : JSON.stringify(args ?? {})), name).not.to.throw();
      expect(MODULE_NOTES[name]!.summary.length, name).to.be.greaterThan(0);
    }
  });
});
