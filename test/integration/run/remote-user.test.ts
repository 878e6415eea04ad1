// remote_user and -u through the CLI against a real sshd on loopback: Ansible's precedence is
// the ansible_user variable > the play's remote_user keyword > -u on the command line.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestUser, knownHostsLine, startSshd, type SshdInstance, type TestUser } from '../../support/sshd.ts';
import { ROOT } from './helpers.ts';

const PLAY = (remoteUser: string | undefined) => `
- name: Who am I
  hosts: all
  gather_facts: false
${remoteUser ? `  remote_user: "${remoteUser}"\n` : ''}  tasks:
    - name: Ask the target
      command: id -un
      register: who
      changed_when: false
    - name: Show
      debug:
        var: who.stdout
`;

describe('run-playbook: remote_user and -u over ssh', function () {
  this.timeout(120_000);
  let sshd: SshdInstance;
  let login: TestUser;
  let pinnedUser: TestUser;
  let dir: string;

  before(async () => {
    sshd = await startSshd();
    writeFileSync(sshd.knownHostsFile, `${knownHostsLine(sshd)}\n`);
    // test users, not root: root's shell startup on a dev machine can be slow
    login = await createTestUser('wrnru', 'nopasswd');
    pinnedUser = await createTestUser('wrnrp', 'nopasswd');
    dir = mkdtempSync(join(tmpdir(), 'warren-remote-user-'));
    const conn = `ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}`;
    writeFileSync(join(dir, 'inventory.yml'), `all:\n  hosts:\n    free: { ${conn} }\n    pinned: { ${conn}, ansible_user: ${pinnedUser.name} }\n`);
    writeFileSync(join(dir, 'templated.yml'), PLAY('{{ login_user }}'));
    writeFileSync(join(dir, 'plain.yml'), PLAY(undefined));
  });
  after(async () => {
    await login?.remove();
    await pinnedUser?.remove();
    await sshd?.stop();
  });

  const run = (playbook: string, args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), join(dir, playbook), '-i', join(dir, 'inventory.yml'), ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
  const whoami = (stdout: string, host: string) => new RegExp(`ok: \\[${host}\\] => \\{\\n\\s+"who.stdout": "([^"]+)"`).exec(stdout)?.[1];

  it('a templated play remote_user applies where the inventory sets no ansible_user, and beats -u', () => {
    // -u names a user that does not exist: using it anywhere would fail the login
    const r = run('templated.yml', ['-e', `login_user=${login.name}`, '-u', 'wrn-no-such-user']);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(whoami(r.stdout, 'free')).to.equal(login.name);
    expect(whoami(r.stdout, 'pinned')).to.equal(pinnedUser.name);
  });

  it('-u applies when neither the inventory nor the play names a user', () => {
    const r = run('plain.yml', ['-u', login.name]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(whoami(r.stdout, 'free')).to.equal(login.name);
    expect(whoami(r.stdout, 'pinned')).to.equal(pinnedUser.name);
  });
});
