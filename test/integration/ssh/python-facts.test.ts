// ansible_python over a real sshd on loopback (this machine, whose PATH starts with a pyenv shim
// that /usr/bin/python3 goes before): what the target's interpreter says
// of itself, the same mapping ansible-core 2.14.18's setup module gathers with that interpreter;
// on a target without python, neither python fact, and the rest still gathered.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../../../src/connection/connection.ts';
import { SshConnection } from '../../../src/connection/ssh.ts';
import { connectionShell, gatherFacts } from '../../../src/facts/gather.ts';
import { startTrustedSshd, type SshdInstance } from '../../support/sshd.ts';

/** ansible_python* as `ansible localhost -m setup` gathers them with this interpreter. */
function ansibleSetupFacts(python: string): Record<string, unknown> {
  const r = spawnSync('ansible', ['localhost', '-c', 'local', '-m', 'setup', '-a', 'filter=ansible_python*', '-e', `ansible_python_interpreter=${python}`], {
    cwd: mkdtempSync(join(tmpdir(), 'warren-ansible-')),
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0', ANSIBLE_INVENTORY_UNPARSED_WARNING: '0' },
  });
  const json = r.stdout.slice(r.stdout.indexOf('{'));
  return (JSON.parse(json) as { ansible_facts: Record<string, unknown> }).ansible_facts;
}

describe('python facts over a real sshd', function () {
  this.timeout(120_000);
  let sshd: SshdInstance;
  let conn: SshConnection;
  before(async () => {
    sshd = await startTrustedSshd();
    conn = new SshConnection('target', sshd.settings());
  });
  after(async () => {
    await conn?.close();
    await sshd?.stop();
  });

  it("ansible_python_interpreter's python: the same ansible_python and ansible_python_version as Ansible's setup", async () => {
    const facts = await gatherFacts(connectionShell(conn), '/usr/bin/python3');
    const ansible = ansibleSetupFacts('/usr/bin/python3');
    expect(facts.python).to.deep.equal(ansible.ansible_python);
    expect(facts.python_version).to.equal(ansible.ansible_python_version);
  });

  it('no interpreter named: /usr/bin/python3, the one a user module runs with (and Ansible discovers on Debian)', async () => {
    const facts = await gatherFacts(connectionShell(conn));
    const said = await conn.exec('/usr/bin/python3 -c "import sys, platform; print(sys.executable); print(platform.python_version())"');
    const [executable, version] = said.stdout.trim().split('\n');
    expect(facts.python).to.deep.include({ executable, type: 'cpython', has_sslcontext: true });
    expect(facts.python_version).to.equal(version);
  });

  it('a target without python: neither fact, the others gathered', async () => {
    // the script runs in a mount namespace of its own where /usr/bin/python3 is /dev/null (not
    // executable) and PATH finds no other python
    const hidden = (script: string) => `mount --bind /dev/null /usr/bin/python3 || exit 9\nPATH=/nonexistent\n${script}`;
    const facts = await gatherFacts({ host: conn.host, run: (script) => conn.exec(`exec unshare -m sh -c ${shellQuote(hidden(script))}`) });
    expect(facts).not.to.have.any.keys('python', 'python_version');
    expect(facts.hostname).to.be.a('string').and.not.equal('');
    expect(facts.kernel).to.be.a('string').and.not.equal('');
  });
});
