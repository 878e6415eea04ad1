import { expect } from 'chai';
import { Command } from 'commander';
import { addRunOptions, parseExtraVarsArg, parseExtraVars, splitKeyValueText, toRunOptions, type RawRunFlags } from '../../../src/cli/options.ts';
import { OptionsError, InputError } from '../../../src/core/errors.ts';

function parse(args: string[]) {
  const cmd = addRunOptions(new Command('t').argument('<playbook>').exitOverride());
  cmd.parse(args, { from: 'user' });
  return toRunOptions(cmd.args[0]!, cmd.opts() as RawRunFlags);
}

describe('-e extra vars', () => {
  it('key=value pairs stay strings, quotes group words', () => {
    expect(parseExtraVarsArg('a=1 b="two words" c=x=y')).to.deep.equal({ a: '1', b: 'two words', c: 'x=y' });
    expect(splitKeyValueText(`k='it is'`)).to.deep.equal(['k=it is']);
  });
  it('JSON and YAML flow text keep their types', () => {
    expect(parseExtraVarsArg('{"n": 3, "l": [1, 2]}')).to.deep.equal({ n: 3, l: [1, 2] });
    expect(parseExtraVarsArg('{flag: true}')).to.deep.equal({ flag: true });
  });
  it('@file reads YAML; later -e wins', () => {
    const read = (p: string) => (p === 'vars.yml' ? 'port: 5672\nname: a\n' : '');
    expect(parseExtraVars(['@vars.yml', 'name=b'], read)).to.deep.equal({ port: 5672, name: 'b' });
  });
  it('rejects text that is not key=value', () => {
    expect(() => parseExtraVarsArg('justaword')).to.throw(OptionsError);
    expect(() => parseExtraVarsArg('{a: [')).to.throw(InputError);
  });
});

describe('run flags -> RunOptions', () => {
  it('maps ansible-playbook flags', () => {
    const o = parse([
      'site.yml',
      '-i',
      'inv1',
      '-i',
      'inv2',
      '-l',
      'web',
      '-t',
      'a,b',
      '--skip-tags',
      'c',
      '-C',
      '-D',
      '-e',
      'x=1',
      '-f',
      '5',
      '-c',
      'local',
      '-b',
      '--become-user',
      'app',
      '-vvv',
      '--json',
      '--start-at-task',
      'T*',
      '--force-handlers',
    ]);
    expect(o).to.include({
      playbook: 'site.yml',
      limit: 'web',
      check: true,
      diff: true,
      forks: 5,
      connection: 'local',
      become: true,
      becomeUser: 'app',
      verbosity: 3,
      json: true,
      startAtTask: 'T*',
      forceHandlers: true,
    });
    expect(o.inventories).to.deep.equal(['inv1', 'inv2']);
    expect(o.tags).to.deep.equal(['a', 'b']);
    expect(o.skipTags).to.deep.equal(['c']);
    expect(o.extraVars).to.deep.equal({ x: '1' });
  });
  it('defaults: 50 forks, no tags, no check', () => {
    const o = parse(['site.yml']);
    expect(o).to.include({ forks: 50, check: false, diff: false, verbosity: 0, json: false });
  });
  it('bad forks or connection are option errors (exit 5)', () => {
    expect(() => parse(['site.yml', '-f', 'zero']))
      .to.throw(OptionsError)
      .with.property('exitCode', 5);
    expect(() => parse(['site.yml', '-c', 'telnet'])).to.throw(OptionsError);
  });
});
