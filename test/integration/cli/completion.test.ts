// The completion scripts in real shells: bash completes commands, flags and module names; zsh
// loads the script and registers it with compinit.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run/helpers.ts';

const warren = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/warren.js'), ...args], { encoding: 'utf8' });

describe('warren completion', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warren-completion-'));
    writeFileSync(join(dir, 'warren.bash'), warren(['completion', 'bash']).stdout);
    writeFileSync(join(dir, '_warren'), warren(['completion', 'zsh']).stdout);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function bashComplete(...words: string[]): string[] {
    const script = `source ${join(dir, 'warren.bash')}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _warren; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    return r.stdout.split('\n').filter(Boolean);
  }

  it("bash: commands and aliases, each command's flags, module names after -m and doc", () => {
    expect(bashComplete('warren', '')).to.include.members(['run', 'adhoc', 'x', 'inventory', 'doc', 'report', 'completion', 'lab', 'vault']);
    expect(bashComplete('warren', 'inventory', '--')).to.include.members(['--list', '--graph', '--host', '--vars', '--show-secrets']);
    expect(bashComplete('warren', 'x', 'all', '-m', 'rabbitmq_')).to.include.members(['rabbitmq_user', 'rabbitmq_policy', 'rabbitmq_vhost']);
    expect(bashComplete('warren', 'doc', 'lin')).to.deep.equal(['lineinfile']);
    expect(bashComplete('warren', 'lab', 'st')).to.include.members(['status', 'stop', 'start']);
  });

  it('zsh: the script parses and compinit registers _warren for warren', () => {
    const r = spawnSync('zsh', ['-f', '-c', `fpath=(${dir} $fpath); autoload -U compinit; compinit -u -d ${dir}/zcompdump; print -r -- \${_comps[warren]}`], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('_warren');
  });

  it('an unknown shell is a usage error (exit 5)', () => {
    const r = warren(['completion', 'fish']);
    expect(r.status).to.equal(5);
    expect(r.stderr).to.contain("unknown shell 'fish'");
  });
});
