// ansible.cfg: where it is found, how its values and ANSIBLE_* variables become run options.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { findConfigFile, loadAnsibleConfig, type ConfigEnvironment } from '../../../src/config/ansible-cfg.ts';
import { parseIni } from '../../../src/config/ini.ts';
import { toRunOptions, type RawRunFlags } from '../../../src/cli/options.ts';
import { InputError } from '../../../src/core/errors.ts';

const flags = (extra: Partial<RawRunFlags> = {}): RawRunFlags => ({ inventory: [], tags: [], skipTags: [], extraVars: [], verbose: 0, ...extra });

function workspace(): { dir: string; home: string; ctx: (env?: NodeJS.ProcessEnv) => ConfigEnvironment } {
  const dir = mkdtempSync(join(tmpdir(), 'warren-cfg-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  mkdirSync(join(dir, 'project'));
  return { dir, home, ctx: (env = {}) => ({ env, cwd: join(dir, 'project'), home }) };
}

describe('ansible.cfg', () => {
  it('reads configparser syntax: = and :, comments, inline ; comments, continuation lines', () => {
    const ini = parseIni(
      '# top\n[defaults]\nforks = 7 ; seven\nremote_user: deploy\n; note\nansible_managed = Managed\n  by warren\n[ssh_connection]\nPipelining=True\n',
      'a.cfg',
    );
    expect(ini.get('defaults')?.get('forks')?.value).to.equal('7');
    expect(ini.get('defaults')?.get('remote_user')?.value).to.equal('deploy');
    expect(ini.get('defaults')?.get('ansible_managed')?.value).to.equal('Managed\nby warren');
    expect(ini.get('ssh_connection')?.get('pipelining')?.value).to.equal('True');
  });

  it('says file:line for a line it cannot read', () => {
    expect(() => parseIni('[defaults]\nforks\n', '/p/ansible.cfg'))
      .to.throw(InputError)
      .with.property('message')
      .that.includes('ansible.cfg');
  });

  it('takes ANSIBLE_CONFIG first, then ./ansible.cfg, then ~/.ansible.cfg', () => {
    const { dir, home, ctx } = workspace();
    writeFileSync(join(home, '.ansible.cfg'), '[defaults]\n');
    expect(findConfigFile(ctx())).to.equal(join(home, '.ansible.cfg'));
    writeFileSync(join(dir, 'project', 'ansible.cfg'), '[defaults]\n');
    expect(findConfigFile(ctx())).to.equal(join(dir, 'project', 'ansible.cfg'));
    writeFileSync(join(dir, 'other.cfg'), '[defaults]\n');
    expect(findConfigFile(ctx({ ANSIBLE_CONFIG: join(dir, 'other.cfg') }))).to.equal(join(dir, 'other.cfg'));
    // A missing ANSIBLE_CONFIG falls through to the next candidate, as in Ansible.
    expect(findConfigFile(ctx({ ANSIBLE_CONFIG: join(dir, 'missing.cfg') }))).to.equal(join(dir, 'project', 'ansible.cfg'));
  });

  it('ignores ./ansible.cfg in a world-writable directory, with a warning', () => {
    const { dir, ctx } = workspace();
    writeFileSync(join(dir, 'project', 'ansible.cfg'), '[defaults]\n');
    chmodSync(join(dir, 'project'), 0o777);
    const warnings: string[] = [];
    expect(findConfigFile(ctx(), warnings)).to.not.equal(join(dir, 'project', 'ansible.cfg'));
    expect(warnings[0]).to.include('world writable directory');
  });

  it('turns the keys into run options; paths resolve from the file, flags and ANSIBLE_* win', () => {
    const { dir, ctx } = workspace();
    writeFileSync(
      join(dir, 'project', 'ansible.cfg'),
      [
        '[defaults]',
        'inventory = inventories/lab,extra.ini',
        'remote_user = deploy',
        'private_key_file = ~/keys/id_lab',
        'forks = 12',
        'host_key_checking = False',
        'vault_password_file = .vault_pass',
        'vault_identity_list = prod@prod.pass, dev@prompt',
        'roles_path = roles:/opt/roles',
        'library = library:/opt/modules',
        'timeout = 33',
        'gathering = smart',
        'ansible_managed = Managed by warren',
        'any_errors_fatal = yes',
        'stdout_callback = yaml',
        '[privilege_escalation]',
        'become = true',
        'become_user = rabbitmq',
        '[ssh_connection]',
        'ssh_args = -o ControlMaster=auto -o ServerAliveInterval=20 -o UserKnownHostsFile=/tmp/kh -o ForwardAgent=yes',
        'pipelining = True',
        'retries = 2',
        '',
      ].join('\n'),
    );
    const cfg = loadAnsibleConfig(ctx({ ANSIBLE_FORKS: '3' }));
    const p = (rel: string) => join(dir, 'project', rel);
    expect(cfg.settings.vault_password_file).to.equal(p('.vault_pass'));
    expect(cfg.settings.vault_identity_list).to.deep.equal(['prod@prod.pass', 'dev@prompt']);
    expect(cfg.unused.join('\n'))
      .to.include('[defaults] stdout_callback is not used by warren')
      .and.include('ForwardAgent')
      .and.not.include('pipelining')
      .and.not.include('ControlMaster');
    const o = toRunOptions('site.yml', flags(), cfg.settings);
    expect(o.inventories).to.deep.equal([p('inventories/lab'), p('extra.ini')]);
    expect(o.user).to.equal('deploy');
    expect(o.privateKey).to.equal(join(dir, 'home', 'keys', 'id_lab'));
    expect(o.forks).to.equal(3);
    expect(o.hostKeyPolicy).to.equal('accept-new');
    expect(o.rolesPath).to.deep.equal([p('roles'), '/opt/roles']);
    expect(o.library).to.deep.equal([p('library'), '/opt/modules']);
    expect(o.timeout).to.equal(33);
    expect(o.gathering).to.equal('smart');
    expect(o.ansibleManaged).to.equal('Managed by warren');
    expect(o.anyErrorsFatal).to.equal(true);
    expect(o.become).to.equal(true);
    expect(o.becomeUser).to.equal('rabbitmq');
    expect(o.ssh).to.deep.equal({ serverAliveIntervalS: 20, knownHostsFile: '/tmp/kh' });
    expect(o.sshRetries).to.equal(2);
    const withFlags = toRunOptions('site.yml', flags({ inventory: ['other'], forks: '5', user: 'me', becomeUser: 'root' }), cfg.settings);
    expect([withFlags.inventories, withFlags.forks, withFlags.user, withFlags.becomeUser]).to.deep.equal([['other'], 5, 'me', 'root']);
  });

  it('gives file:line for a value of the wrong type', () => {
    const { dir, ctx } = workspace();
    writeFileSync(join(dir, 'project', 'ansible.cfg'), '[defaults]\n\nforks = many\n');
    expect(() => loadAnsibleConfig(ctx())).to.throw(`${join(dir, 'project', 'ansible.cfg')}:3: forks must be a whole number, got 'many'`);
    expect(() => loadAnsibleConfig(workspace().ctx({ ANSIBLE_GATHERING: 'sometimes' }))).to.throw(
      /ANSIBLE_GATHERING: gathering must be one of implicit, explicit, smart/,
    );
  });

  it('without any file, ANSIBLE_* variables alone apply', () => {
    const { ctx } = workspace();
    const cfg = loadAnsibleConfig(ctx({ ANSIBLE_REMOTE_USER: 'envuser', ANSIBLE_HOST_KEY_CHECKING: 'false', ANSIBLE_INVENTORY: 'hosts.ini' }));
    expect(cfg.file).to.equal(undefined);
    const o = toRunOptions('site.yml', flags(), cfg.settings);
    expect(o.user).to.equal('envuser');
    expect(o.hostKeyPolicy).to.equal('accept-new');
    expect(o.inventories).to.deep.equal([join(ctx().cwd, 'hosts.ini')]);
  });
});
