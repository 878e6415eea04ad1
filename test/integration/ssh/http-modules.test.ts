// get_url and uri through a real sshd on loopback: the request is made by curl on the host to an
// HTTP server on loopback run by this test; files asserted on the host, check mode downloads
// nothing into place, a second run changes nothing, credentials never reach argv.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('get_url and uri over a real sshd, against a loopback HTTP server', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  let server: Server;
  let base: string;
  let payload = 'version 1\n';
  const seen: Array<{ method: string; url: string; auth?: string; body: string; type?: string }> = [];
  before(async () => {
    host = await startModuleHost();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body, type: req.headers['content-type'] });
        if (req.url === '/file.txt') return res.end(payload);
        if (req.url === '/api') {
          res.setHeader('Content-Type', 'application/json');
          return res.end(JSON.stringify({ ok: true, got: body ? JSON.parse(body) : null }));
        }
        if (req.url === '/secret') {
          if (req.headers.authorization !== `Basic ${Buffer.from('admin:s3cr3t').toString('base64')}`) {
            res.statusCode = 401;
            res.setHeader('WWW-Authenticate', 'Basic realm="x"');
            return res.end('no');
          }
          return res.end('welcome');
        }
        if (req.url === '/moved') {
          res.statusCode = 302;
          res.setHeader('Location', '/file.txt');
          return res.end();
        }
        res.statusCode = 404;
        res.end('missing');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await host?.close();
    server?.close();
  });

  it('get_url downloads once, with mode; keeps an existing file unless force; honours checksum', async () => {
    const dest = join(host.sshd.dir, 'file.txt');
    const real = await host.converges('get_url', { url: `${base}/file.txt`, dest, mode: '0640' }, async () => !(await exists(dest)));
    expect(real.checksum_src).to.equal(createHash('sha1').update('version 1\n').digest('hex'));
    expect(await readFile(dest, 'utf8')).to.equal('version 1\n');
    expect((await stat(dest)).mode & 0o777).to.equal(0o640);
    payload = 'version 2\n';
    expect((await host.exec('get_url', { url: `${base}/file.txt`, dest })).changed).to.equal(false);
    await host.converges('get_url', { url: `${base}/file.txt`, dest, force: true }, async () => (await readFile(dest, 'utf8')) === 'version 1\n');
    expect(await readFile(dest, 'utf8')).to.equal('version 2\n');
    const sha = createHash('sha256').update('version 2\n').digest('hex');
    expect((await host.exec('get_url', { url: `${base}/file.txt`, dest, checksum: `sha256:${sha}` })).changed).to.equal(false);
    const bad = await host.exec('get_url', { url: `${base}/file.txt`, dest: join(host.sshd.dir, 'other.txt'), checksum: 'sha256:00' });
    expect(bad.failed).to.equal(true);
    expect(String(bad.msg)).to.include('did not match');
    expect(await exists(join(host.sshd.dir, 'other.txt'))).to.equal(false);
    const missing = await host.exec('get_url', { url: `${base}/nope`, dest: join(host.sshd.dir, 'nope') });
    expect(missing).to.include({ failed: true, status_code: 404 });
    // a directory dest takes the URL's file name; redirects are followed
    await host.converges('get_url', { url: `${base}/moved`, dest: `${host.sshd.dir}/` }, async () => !(await exists(join(host.sshd.dir, 'moved'))));
    expect(await readFile(join(host.sshd.dir, 'moved'), 'utf8')).to.equal('version 2\n');
  });

  it("get_url copies a file:// URL (no HTTP status) and names curl's error for a missing one", async () => {
    const src = join(host.sshd.dir, 'local-src.txt');
    await writeFile(src, 'from a file URL\n');
    const dest = join(host.sshd.dir, 'from-file-url.txt');
    await host.converges('get_url', { url: `file://${src}`, dest }, async () => !(await exists(dest)));
    expect(await readFile(dest, 'utf8')).to.equal('from a file URL\n');
    const missing = await host.exec('get_url', { url: `file://${src}.absent`, dest: `${dest}.2` });
    expect(missing.failed).to.equal(true);
    expect(String(missing.msg))
      .to.match(/^Request failed: /)
      .and.not.include('undefined');
    expect(await exists(`${dest}.2`)).to.equal(false);
  });

  it('uri returns status, headers and json; fails on an unexpected status; is skipped in check mode', async () => {
    seen.length = 0;
    const r = await host.exec('uri', { url: `${base}/api`, method: 'POST', body: { a: 1 }, body_format: 'json' });
    expect(r).to.include({ status: 200, changed: false, content_type: 'application/json' });
    expect(r.json).to.deep.equal({ ok: true, got: { a: 1 } });
    expect(seen[0]).to.include({ method: 'POST', type: 'application/json', body: '{"a":1}' });
    const notFound = await host.exec('uri', { url: `${base}/nope` });
    expect(notFound).to.include({ failed: true, status: 404 });
    expect(String(notFound.msg)).to.match(/^Status code was 404 and not \[200\]/);
    expect((await host.exec('uri', { url: `${base}/nope`, status_code: [200, 404], return_content: true })).content).to.equal('missing');
    const checked = await host.exec('uri', { url: `${base}/api`, method: 'DELETE' }, { check: true });
    expect(checked).to.include({ skipped: true });
    expect(seen.filter((s) => s.method === 'DELETE')).to.have.length(0);
    const authed = await host.exec('uri', { url: `${base}/secret`, url_username: 'admin', url_password: 's3cr3t', return_content: true });
    expect(authed).to.include({ status: 200, content: 'welcome' });
    expect((await host.exec('uri', { url: `${base}/secret`, url_username: 'admin', url_password: 'wrong' })).status).to.equal(401);
    const dest = join(host.sshd.dir, 'saved.json');
    const saved = await host.exec('uri', { url: `${base}/api`, dest });
    expect(saved).to.include({ changed: true, path: dest });
    expect(JSON.parse(await readFile(dest, 'utf8'))).to.deep.equal({ ok: true, got: null });
    await writeFile(join(host.sshd.dir, 'marker'), '');
    expect(await host.exec('uri', { url: `${base}/api`, creates: join(host.sshd.dir, 'marker') })).to.include({ changed: false });
  });
});
