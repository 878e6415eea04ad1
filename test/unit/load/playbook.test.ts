import { expect } from 'chai';
import { resolve } from 'node:path';
import { loadPlaybook } from '../../../src/load/playbook.ts';
import type { Block, ModuleTask, TaskNode } from '../../../src/load/model.ts';
import { InputError } from '../../../src/core/errors.ts';
import { SecretRegistry } from '../../../src/vault/secret-registry.ts';
import { fakeCatalog } from './fake-modules.ts';

const FIX = resolve('test/fixtures/load');
const opts = () => ({ secrets: new SecretRegistry(), modules: fakeCatalog });

async function loadError(file: string): Promise<InputError> {
  try {
    await loadPlaybook(`${FIX}/bad/${file}`, opts());
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`${file} loaded without error`);
}

const asTask = (n: TaskNode) => n as ModuleTask;
const asBlock = (n: TaskNode) => n as Block;

describe('loadPlaybook: a valid playbook', () => {
  it('reads play keywords and normalises them', async () => {
    const pb = await loadPlaybook(`${FIX}/basic/site.yml`, opts());
    const play = pb.plays[0];
    expect(pb.dir).to.equal(`${FIX}/basic`);
    expect(play.name).to.equal('Web servers');
    expect(play.hosts).to.equal('web,db');
    expect(play.become).to.equal(true);
    expect(play.serial).to.deep.equal([1, '50%']);
    expect(play.gather_facts).to.equal(true);
    expect(play.vars).to.deep.equal({ greeting: 'hello' });
    expect(play.vars_files).to.deep.equal([`${FIX}/basic/vars/common.yml`, '{{ env_file }}']);
    expect(play.loc).to.deep.equal({ file: `${FIX}/basic/site.yml`, line: 1, col: 3 });
  });

  it('finds the module key, accepts ansible.builtin., and parses free-form arguments', async () => {
    const [play] = (await loadPlaybook(`${FIX}/basic/site.yml`, opts())).plays;
    expect(asTask(play.pre_tasks[0])).to.include({ module: 'debug', name: 'say hi' });
    const [command, file] = play.tasks.map(asTask);
    expect(command.args).to.deep.equal({ cmd: 'ls -l /tmp', chdir: '/var', creates: '/x' });
    expect(command.register).to.equal('out');
    expect(command.changed_when).to.deep.equal(['false']);
    expect(command.tags).to.deep.equal(['a', 'b']);
    expect(command.loc).to.deep.include({ line: 20, col: 7 });
    expect(file.args).to.deep.equal({ path: '/tmp/x', state: 'touch', mode: '0644' });
  });

  it('turns block/rescue/always, import_tasks and meta into the model', async () => {
    const [play] = (await loadPlaybook(`${FIX}/basic/site.yml`, opts())).plays;
    const block = asBlock(play.tasks[2]);
    expect(block.kind).to.equal('block');
    expect(block.when).to.deep.equal(['out.rc == 0']);
    const imported = asBlock(block.block[0]);
    expect(imported.tags).to.deep.equal(['imported']);
    expect(asTask(imported.block[0]).args).to.deep.equal({ content: 'x', dest: '/tmp/extra' });
    expect(asTask(imported.block[0]).loc.file).to.equal(`${FIX}/basic/tasks/extra.yml`);
    expect(asTask(block.rescue[0])).to.deep.include({ module: 'meta', args: { action: 'flush_handlers' } });
    expect(asTask(block.always[0]).args).to.deep.equal({ msg: 'done' });
  });

  it('keeps with_items as the items lookup (the runner flattens it one level) and notify as a list', async () => {
    const [play] = (await loadPlaybook(`${FIX}/basic/site.yml`, opts())).plays;
    const loop = asTask(play.tasks[3]);
    expect(loop.loopLookup).to.deep.equal({ name: 'items', terms: [[1, 2], 3] });
    expect(loop.notify).to.deep.equal(['restart web']);
  });

  it('expands roles with dependencies first, each instance once per play', async () => {
    const [play] = (await loadPlaybook(`${FIX}/basic/site.yml`, opts())).plays;
    const web = play.roles[0];
    expect(web.role?.name).to.equal('web');
    expect(web.role?.params).to.deep.equal({ port: 8080 });
    expect(web.role?.defaults).to.deep.equal({ web_port: 80 });
    expect(web.role?.vars).to.deep.equal({ web_user: 'www-data' });
    expect(web.tags).to.deep.equal(['webtag']);
    expect(web.when).to.deep.equal(['enable_web']);
    const names = web.block.map((n) => (n.kind === 'block' ? `role:${n.role?.name}` : n.name));
    expect(names).to.deep.equal(['role:common', 'role:base', 'web task']);
    // base depends on common too, but common already ran in this play
    expect(asBlock(web.block[1]).block.map((n) => n.name)).to.deep.equal(['base task']);
    expect(asBlock(web.block[1]).role?.params).to.deep.equal({ level: 1 });
  });

  it('puts role handlers before the play handlers', async () => {
    const [play] = (await loadPlaybook(`${FIX}/basic/site.yml`, opts())).plays;
    expect(play.handlers.map((h) => h.name)).to.deep.equal(['restart web', 'play handler']);
    const first = play.handlers[0];
    if (first.kind !== 'task') throw new Error('expected a module handler');
    expect(first.role?.name).to.equal('web');
    expect(first.args).to.deep.equal({ name: 'nginx', state: 'restarted' });
    expect(play.handlers[1].listen).to.deep.equal(['restart all']);
  });
});

describe('loadPlaybook: import_playbook and templated keywords', () => {
  it('inserts the imported plays with the import vars winning, tags added and when kept', async () => {
    const pb = await loadPlaybook(`${FIX}/imports/site.yml`, opts());
    expect(pb.plays.map((p) => p.name)).to.deep.equal(['Part', 'Local']);
    const [part, local] = pb.plays;
    expect(part.vars).to.deep.equal({ who: 'importer', kept: true });
    expect(part.tags).to.have.members(['outer', 'inner']);
    expect(part.when).to.deep.equal(['go | default(true)']);
    expect(local.when).to.equal(undefined);
  });

  it('resolves paths inside an imported playbook from its own directory', async () => {
    const [part, local] = (await loadPlaybook(`${FIX}/imports/site.yml`, opts())).plays;
    expect(part.dir).to.equal(`${FIX}/imports/other`);
    expect(part.vars_files).to.deep.equal([`${FIX}/imports/other/part-vars.yml`]);
    expect(local.dir).to.equal(`${FIX}/imports`);
  });

  it('keeps templated serial, max_fail_percentage and retries for the runner', async () => {
    const local = (await loadPlaybook(`${FIX}/imports/site.yml`, opts())).plays[1];
    expect(local.serial).to.deep.equal(['{{ batch }}']);
    expect(local.max_fail_percentage).to.equal('{{ max_fail }}');
    const task = asTask(local.tasks[0]);
    expect(task.retries).to.equal('{{ tries }}');
    expect(task.delay).to.equal(2);
  });
});

describe('loadPlaybook: bad input names file:line:col', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown-play-keyword.yml', '2:3', "unknown play keyword 'taks' (did you mean 'tags' or 'tasks'?)"],
    ['unknown-module.yml', '4:7', "couldn't resolve module/action 'cpoy' (did you mean 'copy'?)"],
    ['unknown-arg.yml', '5:9', "copy: unknown argument 'dset' (did you mean 'dest'?)"],
    ['bad-enum.yml', '5:16', "file: 'state' must be one of directory, file, touch, absent, link"],
    ['bad-enum-kv.yml', '3:13', "file: 'state' must be one of directory, file, touch, absent, link"],
    ['unknown-task-keyword.yml', '4:7', "unknown task keyword 'regster' (did you mean 'register'?)"],
    ['two-modules.yml', '4:7', 'conflicting action statements: debug, copy'],
    ['bad-type.yml', '2:11', "'become' must be a boolean"],
    ['syntax.yml', '4:1', 'YAML syntax error'],
    ['missing-role.yml', '3:7', "role 'nosuchrole' not found"],
    ['missing-vars-file.yml', '3:7', 'vars file not found'],
    ['missing-import.yml', '3:21', "tasks file 'nope.yml' not found"],
    ['no-hosts.yml', '1:3', "missing required play keyword 'hosts'"],
    ['anyof.yml', '4:9', "command: one of 'cmd', 'argv' is required"],
    ['templated-args.yml', '4:9', "copy: unknown argument 'dset'"],
    ['bad-meta.yml', '3:13', "meta: unknown action 'flush_everything'"],
    ['not-a-list.yml', '1:1', 'a playbook must be a list of plays'],
    ['bad-retries.yml', '5:16', `'retries' must be an integer or a template`],
  ];
  for (const [file, pos, message] of cases) {
    it(`${file}: ${message}`, async () => {
      const err = await loadError(file);
      expect(err.message).to.contain(`bad/${file}:${pos}: `);
      expect(err.message).to.contain(message);
      expect(err.exitCode).to.equal(4);
    });
  }

  it('reports an import cycle at the import that closes it', async () => {
    const err = await loadError('loop-a.yml');
    expect(err.message).to.match(/loop-a-tasks\.yml:1:17: import cycle: loop-b\.yml -> loop-a-tasks\.yml -> loop-b\.yml/);
  });

  it('reports a role dependency cycle', async () => {
    const err = await loadError('role-cycle.yml');
    expect(err.message).to.contain('roles/b/meta/main.yml:2:5: role dependency cycle: a -> b -> a');
  });

  it('leaves templated argument values to the runner but still rejects unknown keys', async () => {
    const err = await loadError('templated-args.yml');
    expect(err.message).not.to.contain('backup');
  });
});
