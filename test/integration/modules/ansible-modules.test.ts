// include_vars, ping, tempfile and replace run through the real CLI over the local connection,
// with register + assert written as for Ansible (sha1 checksum, `failed` in every result).
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runPlaybookCli, tempWorkdir } from '../run/helpers.ts';

const VAULT_PASS = join(ROOT, 'test/fixtures/vault-ansible/default.pass');

describe('Ansible modules: include_vars, ping, tempfile, replace', function () {
  this.timeout(120_000);

  it('runs the playbook: vars from files, dirs and an ansible-vault file; replace edits in place', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('ansible-modules/site.yml', dir, ['--vault-password-file', VAULT_PASS]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'result.txt'), 'utf8')).to.equal('listen 0.0.0.0:5672\nname = new-old\n# end\nname = keep\ns3cr3t-from-ansible\n');
    // The value include_vars decrypted is masked like any vaulted value.
    expect(run.stdout + run.stderr).not.to.include('s3cr3t-from-ansible');
  });

  it('include_vars beats play and task vars, loses to set_fact and is kept for the next play, as in Ansible', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('ansible-modules/include-vars-precedence.yml', dir);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'first-play.txt'), 'utf8')).to.equal('from include_vars | from include_vars | from set_fact\n');
    expect(readFileSync(join(dir, 'second-play.txt'), 'utf8')).to.equal('from include_vars\n');
  });

  it('include_vars of a vaulted file without a password fails the host with a clear message', () => {
    const dir = tempWorkdir();
    const run = runPlaybookCli('ansible-modules/site.yml', dir);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.include('no vault password');
  });

  it('replace in check mode with --diff shows the change and leaves the file as it was', () => {
    const dir = tempWorkdir();
    writeFileSync(join(dir, 'app.conf'), 'host = a\nport = 5672\n');
    const run = runPlaybookCli('ansible-modules/replace-check.yml', dir, ['--check', '--diff']);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.include('-port = 5672').and.include('+port = 5673');
    expect(readFileSync(join(dir, 'app.conf'), 'utf8')).to.equal('host = a\nport = 5672\n');
    const real = runPlaybookCli('ansible-modules/replace-check.yml', dir);
    expect(real.code, real.stdout).to.equal(0);
    expect(readFileSync(join(dir, 'app.conf'), 'utf8')).to.equal('host = a\nport = 5673\n');
  });
});
