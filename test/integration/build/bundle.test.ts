// The esbuild bundle (precompiled ajv validators, one CommonJS file per CLI run with its V8 code
// cache) must behave exactly like the TypeScript sources: same bytes on stdout/stderr and the same
// exit code. Built once, into a temporary folder inside dist/ (so the external ssh2 still resolves
// from node_modules).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { knownHostsLine, startSshd } from '../../support/sshd.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures');
const GOOD_INVENTORY = join(FIXTURES, 'playbooks/inventory.yml');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bundled CLI (npm run build) against the sources', function () {
  this.timeout(600_000); // ~30 fixtures, each run twice; the sources start through tsx (seconds each on a loaded machine)
  let out: string;
  // cwd outside the project: its ansible.cfg names the lab's vault password file, absent before `lab up`
  // Through bin/bundle-loader.js, as bin/ runs it: a script beside the bundle calls runBundle.
  const bundled = (name: string, args: string[], cwd = tmpdir()) => run([join(out, `${name}.mjs`), ...args], cwd);
  // tsx by its resolved URL: a bare `--import tsx` would be looked up from cwd (a temp folder).
  const fromSources = (name: string, args: string[], cwd = tmpdir()) => run(['--import', TSX, join(ROOT, 'src/cli', `${name}.ts`), ...args], cwd);

  before(() => {
    out = mkdtempSync(join(ROOT, 'dist', 'test-bundle-'));
    const build = run([join(ROOT, 'scripts/build.mjs'), '--bundle-only', '--out', out]);
    expect(build.code, build.stderr + build.stdout).to.equal(0);
    const loader = pathToFileURL(join(ROOT, 'bin/bundle-loader.js')).href;
    for (const name of ['run-playbook', 'warren']) {
      writeFileSync(join(out, `${name}.mjs`), `import { runBundle } from '${loader}';\nrunBundle(${JSON.stringify(join(out, `${name}.cjs`))});\n`);
    }
  });

  after(() => rmSync(out, { recursive: true, force: true }));

  it('--version prints the package.json version and the Node version, exit 0', () => {
    for (const name of ['run-playbook', 'warren']) {
      const r = bundled(name, ['--version']);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.equal(`${name} [warren ${VERSION}]\n  node version = ${process.version}\n`);
      expect(fromSources(name, ['--version']).stdout).to.equal(r.stdout);
    }
  });

  const badPlaybooks = readdirSync(join(FIXTURES, 'load/bad'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(FIXTURES, 'load/bad', f));
  const badInventories = readdirSync(join(FIXTURES, 'inventory/bad')).map((f) => join(FIXTURES, 'inventory/bad', f));
  const cases = [
    ...badPlaybooks.map((playbook) => ({ label: `playbook ${playbook.slice(FIXTURES.length + 1)}`, playbook, inventory: GOOD_INVENTORY })),
    ...badInventories.map((inventory) => ({
      label: `inventory ${inventory.slice(FIXTURES.length + 1)}`,
      playbook: join(FIXTURES, 'playbooks/basic/site.yml'),
      inventory,
    })),
  ];

  it('the first run writes the V8 code cache, the next run reads it and prints the same', () => {
    const cacheDir = join(out, '.code-cache');
    rmSync(cacheDir, { recursive: true, force: true });
    const args = ['--syntax-check', join(FIXTURES, 'playbooks/basic/site.yml'), '-i', GOOD_INVENTORY];
    const first = bundled('run-playbook', args);
    expect(first.code, first.stderr).to.equal(0);
    const written = () => Object.fromEntries(readdirSync(cacheDir).map((f) => [f, statSync(join(cacheDir, f)).mtimeMs]));
    const cache = written();
    expect(Object.keys(cache), 'cache files').to.have.length.greaterThan(0);
    expect(bundled('run-playbook', args)).to.deep.equal(first);
    expect(written(), 'an accepted cache is read, not written again').to.deep.equal(cache);
  });

  it('bad playbooks and inventories: byte-identical errors and exit codes', () => {
    let failures = 0;
    for (const c of cases) {
      const args = ['--syntax-check', c.playbook, '-i', c.inventory];
      const fromBundle = bundled('run-playbook', args);
      expect(fromBundle, c.label).to.deep.equal(fromSources('run-playbook', args));
      if (fromBundle.code !== 0) {
        failures++;
        expect(fromBundle.code, c.label).to.equal(4);
        expect(fromBundle.stderr, c.label).to.match(/^ERROR! .+:\d+:\d+: /);
      }
    }
    expect(failures).to.be.greaterThan(20);
  });

  it('bad module arguments caught by the precompiled schemas read the same', () => {
    const args = ['--syntax-check', join(FIXTURES, 'load/bad/unknown-arg.yml'), '-i', GOOD_INVENTORY];
    expect(bundled('run-playbook', args).stderr).to.contain("copy: unknown argument 'dset' (did you mean 'dest'?)");
  });

  it('a good playbook on local hosts ends with the same PLAY RECAP and exit code', () => {
    const recap = (r: CliRun) => r.stdout.slice(r.stdout.indexOf('PLAY RECAP'));
    const play = (runner: typeof bundled) => {
      const workdir = mkdtempSync(join(tmpdir(), 'warren-bundle-'));
      try {
        return runner('run-playbook', [join(FIXTURES, 'playbooks/basic/site.yml'), '-i', GOOD_INVENTORY, '-c', 'local', '-e', `workdir=${workdir}`], workdir);
      } finally {
        rmSync(workdir, { recursive: true, force: true });
      }
    };
    const fromBundle = play(bundled);
    const fromSrc = play(fromSources);
    expect(fromBundle.stdout).to.contain('PLAY RECAP');
    expect(recap(fromBundle)).to.match(/^h1 +: ok=\d+ +changed=\d+/m);
    expect(recap(fromBundle)).to.equal(recap(fromSrc));
    expect(fromBundle.code).to.equal(fromSrc.code);
  });

  it('over SSH (ssh2 is in the bundle, its native crypto binding loaded from node_modules): the same PLAY RECAP twice, converged', async () => {
    const sshd = await startSshd();
    const workdir = mkdtempSync(join(tmpdir(), 'warren-bundle-ssh-'));
    try {
      writeFileSync(sshd.knownHostsFile, `${knownHostsLine(sshd)}\n`);
      const inventory = join(workdir, 'inventory.yml');
      const host = `{ ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: root, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile} }`;
      writeFileSync(inventory, `all:\n  hosts:\n    h1: ${host}\n`);
      const args = [join(FIXTURES, 'playbooks/basic/site.yml'), '-i', inventory, '-e', `workdir=${workdir}`];
      const recap = (r: CliRun) => r.stdout.slice(r.stdout.indexOf('PLAY RECAP'));
      const first = bundled('run-playbook', args, workdir);
      expect(first.code, first.stdout + first.stderr).to.equal(0);
      expect(recap(first)).to.match(/^h1 +: ok=\d+ +changed=[1-9]/m);
      expect(readFileSync(join(workdir, 'h1', 'one.txt'), 'utf8')).to.equal('one\n');
      const again = bundled('run-playbook', args, workdir);
      expect(recap(again)).to.equal(recap(fromSources('run-playbook', args, workdir)));
      expect(recap(again)).to.match(/^h1 +: ok=\d+ +changed=0 /m);
    } finally {
      rmSync(workdir, { recursive: true, force: true });
      await sshd.stop();
    }
  });
});
