import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageVersion, versionText, warrenVersionText } from '../../../src/cli/version.ts';

const packageJson = (name: string, version: string) => JSON.stringify({ name, version });

describe('--version text', () => {
  it('reads the nearest package.json named warren, skipping other packages on the way up', () => {
    const files: Record<string, string> = {
      '/a/b/c/package.json': packageJson('other', '9.9.9'),
      '/a/package.json': packageJson('warren', '1.2.3'),
    };
    expect(findPackageVersion('/a/b/c/d', (path) => files[path])).to.equal('1.2.3');
  });

  it('fails clearly when no warren package.json is above the start folder', () => {
    expect(() => findPackageVersion('/x/y', () => undefined)).to.throw('no package.json of warren above /x/y');
  });

  it('prints the program, the warren version and the Node version like ansible-playbook', () => {
    expect(versionText('run-playbook', '0.1.0', 'v20.1.0')).to.equal('run-playbook [warren 0.1.0]\n  node version = v20.1.0');
  });

  it('uses the version of this repository', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(warrenVersionText('warren').split('\n')[0]).to.equal(`warren [warren ${version}]`);
  });

  it('bin/ answers a lone --version before loading the CLI, with the text the CLI itself prints', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const bin = (name: string, ...args: string[]) => execFileSync(process.execPath, [`${root}bin/${name}.js`, ...args], { cwd: root, encoding: 'utf8' });
    expect(bin('warren', '--version')).to.equal(`${warrenVersionText('warren')}\n`);
    expect(bin('warren', '-V')).to.equal(`${warrenVersionText('warren')}\n`);
    expect(bin('run-playbook', '--version')).to.equal(`${warrenVersionText('run-playbook')}\n`);
    // Another flag first: commander answers, through the whole CLI.
    expect(bin('run-playbook', '-v', '--version')).to.equal(bin('run-playbook', '--version'));
  });

  it('the installed commands (sh launchers) answer --version without Node, with the same text, and pass other arguments on', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const launch = (name: string, ...args: string[]) => execFileSync(`${root}bin/${name}`, args, { cwd: root, encoding: 'utf8' });
    const bin = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).bin as Record<string, string>;
    expect(bin).to.deep.equal({ warren: 'bin/warren', 'run-playbook': 'bin/run-playbook' });
    expect(launch('warren', '--version')).to.equal(`${warrenVersionText('warren')}\n`);
    expect(launch('warren', '-V')).to.equal(`${warrenVersionText('warren')}\n`);
    expect(launch('run-playbook', '--version')).to.equal(`${warrenVersionText('run-playbook')}\n`);
    // Anything else goes to the CLI, arguments intact (a space inside one stays inside it).
    const dir = mkdtempSync(join(tmpdir(), 'warren launcher '));
    writeFileSync(join(dir, 'my play.yml'), '- hosts: localhost\n  gather_facts: false\n  tasks: []\n');
    expect(launch('run-playbook', '--syntax-check', join(dir, 'my play.yml'))).to.contain(`playbook: ${join(dir, 'my play.yml')}`);
    expect(() => launch('run-playbook', '-V')).to.throw(/unknown option '-V'/);
  });
});
