// The cheap probes: plugins read from files (no Erlang VM), a user's whole state in one
// `rabbitmqctl eval` (one VM instead of three), and the fallbacks that keep the old answers.
import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnection } from '../../../../src/connection/local.ts';
import {
  enabledPluginsFromFiles,
  parseEnabledPluginsFile,
  pluginFilesCommand,
  pluginNameOfEntry,
  PLUGIN_FILES_MARK,
} from '../../../../src/modules/rabbitmq/plugin-files.ts';
import { erlangBinary, parseUserState, USER_STATE_MARK, userStateExpression } from '../../../../src/modules/rabbitmq/user-eval.ts';
import { rabbitmqUser } from '../../../../src/modules/rabbitmq/rabbitmq-user.ts';
import { runModule, type TestContextOptions } from '../../../support/module-context.ts';
import { renderedDiffs } from '../../../support/rendered-diffs.ts';

const SECRET = 'Pa55-word with spaces';

describe('rabbitmq_plugin from files', () => {
  it('reads the enabled plugins file as an Erlang list of atoms', () => {
    expect(parseEnabledPluginsFile('[rabbitmq_management].\n')).to.deep.equal(['rabbitmq_management']);
    expect(parseEnabledPluginsFile("% managed\n[ rabbitmq_management ,\n 'rabbitmq_shovel' ] .")).to.deep.equal(['rabbitmq_management', 'rabbitmq_shovel']);
    expect(parseEnabledPluginsFile('[].')).to.deep.equal([]);
  });

  it('gives up on anything that is not a plain list (the CLI then answers)', () => {
    expect(parseEnabledPluginsFile('[rabbitmq_management]')).to.equal(undefined);
    expect(parseEnabledPluginsFile('[{rabbitmq_management, x}].')).to.equal(undefined);
    expect(parseEnabledPluginsFile('')).to.equal(undefined);
  });

  it('names plugins from the plugins directory entries', () => {
    expect(pluginNameOfEntry('rabbitmq_management-3.10.8')).to.equal('rabbitmq_management');
    expect(pluginNameOfEntry('amqp10_client-3.10.8.ez')).to.equal('amqp10_client');
    expect(pluginNameOfEntry('README')).to.equal(undefined);
  });

  it('shows what list -E shows: enabled and installed, sorted; no file is no plugin', () => {
    const section = (file: string) => `${PLUGIN_FILES_MARK}\nREADME\nrabbitmq_management-3.10.8\nrabbitmq_shovel-3.10.8\n@@warren-enabled-plugins\n${file}`;
    expect(enabledPluginsFromFiles(section('[rabbitmq_shovel,rabbitmq_management,not_installed].'))).to.deep.equal(['rabbitmq_management', 'rabbitmq_shovel']);
    expect(enabledPluginsFromFiles(section('@@warren-no-enabled-plugins-file'))).to.deep.equal([]);
    expect(enabledPluginsFromFiles(section('garbage'))).to.equal(undefined);
    expect(enabledPluginsFromFiles('{"status":"running","plugins":[]}')).to.equal(undefined);
  });

  it('asks the CLI where the package layout is not the standard one', async () => {
    const result = await new LocalConnection('local').exec(pluginFilesCommand('echo asked-the-cli'), { env: { RABBITMQ_ENABLED_PLUGINS_FILE: '/elsewhere' } });
    expect(result.stdout.trim()).to.equal('asked-the-cli');
  });
});

describe('rabbitmq_user in one eval', () => {
  it('spells strings as byte binaries, so no quoting can go wrong', () => {
    expect(erlangBinary('a"b')).to.equal('<<97,34,98>>');
    expect(erlangBinary('é')).to.equal('<<195,169>>');
  });

  it('checks the password only when asked, and the expression never holds it as text', () => {
    expect(userStateExpression('app')).to.not.contain('check_user_pass_login');
    const expression = userStateExpression('app', `  ${SECRET} \n`);
    expect(expression).to.contain('check_user_pass_login');
    expect(expression).to.not.contain(SECRET);
    expect(expression).to.contain(erlangBinary(SECRET)); // trimmed, as rabbitmqctl reads stdin
  });

  it('reads the answer line; an error or no answer means the individual commands are used', () => {
    const answer = `${USER_STATE_MARK} {"exists":true,"password_matches":false,"permissions":[{"configure":".*","read":".*","vhost":"/","write":".*"}],"tags":["monitoring","administrator"]}\nok`;
    expect(parseUserState(answer)).to.deep.equal({
      exists: true,
      tags: ['administrator', 'monitoring'],
      permissions: [{ vhost: '/', configure: '.*', write: '.*', read: '.*' }],
      passwordMatches: false,
    });
    expect(parseUserState(`${USER_STATE_MARK} {"exists":false}`)).to.deep.equal({ exists: false, tags: [], permissions: [] });
    expect(parseUserState(`${USER_STATE_MARK} {"error":"error:undef"}`)).to.equal(undefined);
    expect(parseUserState('Error: unable to perform an operation on node')).to.equal(undefined);
  });

  describe('against a stand-in rabbitmqctl that answers only the user eval (no broker state)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'warren-rmq-eval-'));
      mkdirSync(join(dir, 'bin'));
      // Logs each start (one line = one Erlang VM for the real CLI) and the expression it read.
      const fake = `#!/bin/sh\necho "$*" >> "${dir}/argv.log"\ncat > "${dir}/stdin.txt"\necho '${USER_STATE_MARK} {"exists":true,"password_matches":true,"permissions":[{"configure":".*","read":".*","vhost":"/","write":".*"}],"tags":["administrator"]}'\necho ok\n`;
      writeFileSync(join(dir, 'bin', 'rabbitmqctl'), fake);
      chmodSync(join(dir, 'bin', 'rabbitmqctl'), 0o755);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const ctx = (check: boolean): TestContextOptions => ({
      host: 'local',
      check,
      diff: true,
      environment: { PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
    });
    const admin = {
      user: 'admin',
      password: SECRET,
      tags: 'administrator',
      configure_priv: '.*',
      write_priv: '.*',
      read_priv: '.*',
      update_password: 'always' as const,
    };

    it('a converged user costs the broker eval plus its own, with the password on stdin only', async () => {
      const result = await runModule(rabbitmqUser, admin, ctx(false));
      expect(result.changed).to.equal(false);
      expect(readFileSync(join(dir, 'argv.log'), 'utf8')).to.equal('-q eval\n-q eval\n');
      expect(readFileSync(join(dir, 'stdin.txt'), 'utf8')).to.contain(erlangBinary(SECRET));
      expect(JSON.stringify(result)).to.not.contain(SECRET);
    });

    it('a drifted tag is still a change, in check mode too', async () => {
      const result = await runModule(rabbitmqUser, { ...admin, tags: 'administrator,monitoring' }, ctx(true));
      expect(result.changed).to.equal(true);
      expect(renderedDiffs(result)[0]?.after).to.contain('tags: administrator,monitoring');
    });
  });
});
