// apt_repository, deb822_repository and apt_key on a real local connection. apt is pointed at a
// private tree with APT_CONFIG (the task's environment), as apt-config and python-apt honour it,
// so this machine's own sources are never read or changed; apt-get update only reaches a file:
// repository, and signed_by's URL is served on 127.0.0.1.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleResult } from '../../../src/modules/module.ts';
import { findModule } from '../../../src/modules/registry.ts';
import { runModule } from '../../support/module-context.ts';
import { hashTree } from '../../support/tree-hash.ts';

describe('apt_repository, deb822_repository and apt_key', function () {
  this.timeout(120_000);
  let root: string;
  let env: Record<string, string>;
  let key: string;
  let fingerprint: string;
  let server: Server;
  let keyUrl: string;
  const parts = () => join(root, 'sources.list.d');
  const run = (module: string, args: unknown, opts: { check?: boolean; diff?: boolean } = {}): Promise<ModuleResult> =>
    runModule(findModule(module)!, args, { environment: env, ...opts });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'warren-apt-'));
    for (const d of ['sources.list.d', 'lists/partial', 'cache/archives/partial', 'repo', 'gnupg', 'keyrings']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'sources.list'), '# the private sources.list\n');
    const stanza = ['Package: warren-test', 'Version: 1.0', 'Architecture: all', 'Filename: ./warren-test_1.0_all.deb', 'Size: 1', 'Description: test'];
    writeFileSync(join(root, 'repo', 'Packages'), `${stanza.join('\n')}\n`);
    chmodSync(join(root, 'gnupg'), 0o700);
    const conf = [
      `Dir::Etc::sourcelist "${root}/sources.list";`,
      `Dir::Etc::sourceparts "${root}/sources.list.d";`,
      `Dir::State::lists "${root}/lists";`,
      `Dir::Cache "${root}/cache";`,
      'APT::Sandbox::User "root";',
    ].join('\n');
    writeFileSync(join(root, 'apt.conf'), `${conf}\n`);
    env = { APT_CONFIG: join(root, 'apt.conf') };
    const gpg = (...args: string[]) => execFileSync('gpg', ['--batch', '--quiet', '--homedir', join(root, 'gnupg'), ...args], { encoding: 'utf8' });
    gpg('--passphrase', '', '--quick-gen-key', 'warren test <test@example.invalid>', 'default', 'default', 'never');
    key = gpg('--armor', '--export');
    fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg('--with-colons', '--list-keys'))![1]!;
    server = createServer((_req, res) => res.end(key));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    keyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.asc`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('apt_repository adds a line under the name Ansible would pick, updates the cache from it, and converges', async () => {
    const repo = `deb [trusted=yes] file:${root}/repo ./`;
    const before = hashTree(parts());
    const checked = await run('apt_repository', { repo }, { check: true, diff: true });
    expect(checked.changed).to.equal(true);
    expect(hashTree(parts())).to.equal(before);
    const name = `file_${root.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '')}_repo.list`;
    const added = await run('apt_repository', { repo, mode: '0640' });
    expect(added, JSON.stringify(added)).to.include({ changed: true, repo, state: 'present' });
    expect(readFileSync(join(parts(), name), 'utf8')).to.equal(`${repo}\n`);
    expect((statSync(join(parts(), name)).mode & 0o777).toString(8)).to.equal('640');
    expect(readdirSync(join(root, 'lists')).some((f) => f.includes('_repo_._Packages'))).to.equal(true); // apt-get update read it
    // same source written differently: no change
    expect((await run('apt_repository', { repo: `deb  [trusted=yes]   file:${root}/repo ./`, update_cache: false })).changed).to.equal(false);
    const removed = await run('apt_repository', { repo, state: 'absent', update_cache: false });
    expect(removed.changed).to.equal(true);
    expect(existsSync(join(parts(), name))).to.equal(false);
  });

  it('apt_repository filename, re-enabling a commented line, and a clear error for ppa and bad lines', async () => {
    const repo = 'deb http://deb.example.invalid/debian bookworm main contrib';
    writeFileSync(join(root, 'sources.list'), `# the private sources.list\n# ${repo}\n`);
    const enabled = await run('apt_repository', { repo, update_cache: false, filename: 'example' }, { diff: true });
    expect(enabled.changed).to.equal(true);
    expect(readFileSync(join(root, 'sources.list'), 'utf8')).to.equal(`# the private sources.list\n${repo}\n`);
    expect(existsSync(join(parts(), 'example.list'))).to.equal(false);
    const other = 'deb http://deb.example.invalid/debian bookworm-updates main';
    await run('apt_repository', { repo: other, update_cache: false, filename: 'example' });
    expect(readFileSync(join(parts(), 'example.list'), 'utf8')).to.equal(`${other}\n`);
    expect((await run('apt_repository', { repo: 'ppa:someone/thing', update_cache: false })).msg).to.contain('ppa: repositories');
    expect((await run('apt_repository', { repo: 'not a repo', update_cache: false })).msg).to.equal('Invalid repository string: not a repo');
  });

  it('deb822_repository writes the fields, embeds a key or fetches signed_by from a URL, and removes both', async () => {
    const args = {
      name: 'example',
      uris: 'http://deb.example.invalid/debian',
      suites: ['bookworm'],
      components: ['main', 'contrib'],
      signed_by: key,
      trusted: false,
    };
    const first = await run('deb822_repository', args);
    expect(first.changed).to.equal(true);
    const text = readFileSync(join(parts(), 'example.sources'), 'utf8');
    expect(text.split('\n').slice(0, 6)).to.deep.equal([
      'X-Repolib-Name: example',
      'Types: deb',
      'URIs: http://deb.example.invalid/debian',
      'Suites: bookworm',
      'Components: main contrib',
      'Trusted: no',
    ]);
    expect(text).to.contain('Signed-By: -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n');
    expect((await run('deb822_repository', args)).changed).to.equal(false);
    const byUrl = { ...args, name: 'fetched', signed_by: keyUrl };
    const keyring = '/etc/apt/keyrings/fetched.asc';
    const hadKeyring = existsSync(keyring);
    const fetched = await run('deb822_repository', byUrl, { check: true });
    expect(fetched).to.include({ changed: true, key_filename: keyring });
    expect(existsSync(keyring)).to.equal(hadKeyring);
    const gone = await run('deb822_repository', { name: 'example', state: 'absent' });
    expect(gone.changed).to.equal(true);
    expect(existsSync(join(parts(), 'example.sources'))).to.equal(false);
    expect((await run('deb822_repository', { name: 'example', state: 'absent' })).changed).to.equal(false);
  });

  it('apt_key adds a key from data, file or url to a keyring, knows it by id, and removes it', async () => {
    const keyring = join(root, 'keyrings', 'test.gpg');
    const checked = await run('apt_key', { data: key, keyring }, { check: true });
    expect(checked.changed).to.equal(true);
    expect(existsSync(keyring)).to.equal(false);
    const added = await run('apt_key', { data: key, keyring });
    expect(added, JSON.stringify(added)).to.include({ changed: true, fp: fingerprint, key_id: fingerprint.slice(-16), short_id: fingerprint.slice(-8) });
    const listed = execFileSync('gpg', ['--batch', '--with-colons', '--homedir', join(root, 'gnupg'), '--show-keys', keyring], { encoding: 'utf8' });
    expect(listed).to.contain(fingerprint);
    expect((await run('apt_key', { url: keyUrl, keyring })).changed).to.equal(false);
    writeFileSync(join(root, 'key.asc'), key);
    expect((await run('apt_key', { file: join(root, 'key.asc'), keyring, id: fingerprint.slice(-8) })).changed).to.equal(false);
    expect((await run('apt_key', { id: fingerprint.slice(-16), keyring })).changed).to.equal(false);
    const wrongId = await run('apt_key', { data: key, keyring: join(root, 'keyrings', 'other.gpg'), id: 'DEADBEEF' });
    expect(wrongId.msg).to.contain('key id DEADBEEF is not the key given');
    const removed = await run('apt_key', { id: fingerprint, keyring, state: 'absent' });
    expect(removed).to.include({ changed: true });
    expect(removed.after).to.deep.equal([]);
    expect((await run('apt_key', { id: fingerprint, keyring, state: 'absent' })).changed).to.equal(false);
  });

  it('apt_key fetches a missing key by id over HKP (a key server on loopback), only when missing, and names an unreachable server', async () => {
    const requests: string[] = [];
    const hkp = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? '/', 'http://x');
      const wanted = (url.searchParams.get('search') ?? '').replace(/^0x/i, '').toUpperCase();
      if (url.pathname !== '/pks/lookup' || url.searchParams.get('op') !== 'get' || !wanted || !fingerprint.endsWith(wanted)) {
        res.statusCode = 404;
        res.end('No results found');
        return;
      }
      res.setHeader('Content-Type', 'application/pgp-keys');
      res.end(key);
    });
    await new Promise<void>((resolve) => hkp.listen(0, '127.0.0.1', resolve));
    const keyserver = `hkp://127.0.0.1:${(hkp.address() as AddressInfo).port}`;
    try {
      const keyring = join(root, 'keyrings', 'from-server.gpg');
      const id = fingerprint.slice(-16);
      const checked = await run('apt_key', { keyserver, id, keyring }, { check: true });
      expect(checked.changed).to.equal(true);
      expect(requests, 'check mode asks no key server').to.deep.equal([]);
      expect(existsSync(keyring)).to.equal(false);
      const added = await run('apt_key', { keyserver, id, keyring });
      expect(added, JSON.stringify(added)).to.include({ changed: true, fp: fingerprint, key_id: id });
      expect(requests).to.deep.equal([`GET /pks/lookup?op=get&options=mr&search=0x${id}`]);
      const listed = execFileSync('gpg', ['--batch', '--with-colons', '--homedir', join(root, 'gnupg'), '--show-keys', keyring], { encoding: 'utf8' });
      expect(listed).to.contain(fingerprint);
      expect((await run('apt_key', { keyserver, id, keyring })).changed).to.equal(false);
      expect(requests, 'a key already there is not fetched again').to.have.length(1);
      const missing = await run('apt_key', { keyserver, id: 'DEADBEEFDEADBEEF', keyring });
      expect(missing.msg).to.equal(`Key DEADBEEFDEADBEEF not found on keyserver ${keyserver}`);
      expect((await run('apt_key', { keyserver, keyring })).msg).to.equal('Missing key_id, required with keyserver.');
    } finally {
      await new Promise((resolve) => hkp.close(resolve));
    }
    // the same port, now closed: nothing listens there
    const down = await run('apt_key', { keyserver, id: fingerprint.slice(-16), keyring: join(root, 'keyrings', 'down.gpg') });
    expect(down.failed).to.equal(true);
    expect(down.msg).to.match(
      new RegExp(`^Error fetching key ${fingerprint.slice(-16)} from keyserver ${keyserver}: the key server is unreachable \\(curl: \\(7\\) `),
    );
    expect(existsSync(join(root, 'keyrings', 'down.gpg'))).to.equal(false);
  });
});
