// The --report page in a real browser (Debian's headless Chromium): what a person sees after a
// run over real sshd — host rows, the failed task first, a diff, the vaulted secret masked — and
// no console errors and no network fetches.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encryptText } from '../../../src/vault/format.ts';
import { openBrowser, type Browser } from '../../support/browser.ts';
import { startTrustedSshd, type SshdInstance } from '../../support/sshd.ts';
import { ROOT } from '../../integration/run/helpers.ts';
import { syntheticRun } from '../../support/synthetic-run.ts';
import { reportHtml } from '../../../src/report/html/writer.ts';

const SECRET = 's3cret-Pa55word-for-report';
const PASSWORD = 'report-vault-password';

describe('run report in headless Chromium', function () {
  this.timeout(240_000);
  let sshd: SshdInstance;
  let browser: Browser;
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };

  before(async () => {
    sshd = await startTrustedSshd();
    dir = mkdtempSync(join(tmpdir(), 'warren-report-'));
    const conn = `ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: root, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}`;
    mkdirSync(join(dir, 'inv', 'group_vars', 'all'), { recursive: true });
    writeFileSync(join(dir, 'inv', 'hosts.yml'), `app:\n  hosts:\n    app1: { ${conn} }\n    app2: { ${conn} }\ndb:\n  hosts:\n    db1: { ${conn} }\n`);
    writeFileSync(join(dir, 'inv', 'group_vars', 'all', 'main.yml'), `app_port: 8080\nworkdir: ${dir}/hosts\n`);
    writeFileSync(join(dir, 'inv', 'group_vars', 'all', 'vault.yml'), encryptText(`app_password: ${SECRET}\n`, PASSWORD));
    writeFileSync(join(dir, 'pass'), `${PASSWORD}\n`, { mode: 0o600 });
    const args = [
      join(ROOT, 'test/fixtures/report/site.yml'),
      '-i',
      join(dir, 'inv'),
      '--vault-password-file',
      join(dir, 'pass'),
      '--diff',
      '--report',
      join(dir, 'out'),
    ];
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), ...args], {
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    run = { code: r.status, stdout: r.stdout, stderr: r.stderr };
    browser = await openBrowser();
    if (process.env.WARREN_REPORT_KEEP) process.stderr.write(`report kept in ${join(dir, 'out')}\n`);
  });

  after(async () => {
    await browser?.close();
    await sshd?.stop();
    if (dir && !process.env.WARREN_REPORT_KEEP) rmSync(dir, { recursive: true, force: true });
  });

  it('the run fails on app2 (exit 2) and writes report.html and run.json without the secret', () => {
    expect(run.code, run.stderr + run.stdout).to.equal(2);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    const json = readFileSync(join(dir, 'out', 'run.json'), 'utf8');
    for (const text of [html, json]) {
      expect(text).not.to.contain(SECRET);
      expect(text).to.contain('********');
    }
  });

  it('shows host rows, the failure first, a diff with the secret masked, and logs no console error', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('request', (req) => {
      if (!req.url().startsWith('file://')) requests.push(req.url());
    });
    await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
    await page.waitForSelector('.host-row');
    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    if (process.env.WARREN_REPORT_SCREENSHOT) await page.screenshot({ path: process.env.WARREN_REPORT_SCREENSHOT, fullPage: true });

    const hostRows = await page.locator('#recap .host-row td.host').allInnerTexts();
    expect(hostRows).to.deep.equal(['app2', 'app1', 'db1']); // the failed host first
    expect(await page.locator('#recap tr[data-host="app2"] td.num.c-failed').innerText()).to.equal('1');

    const failures = page.locator('#failures');
    expect(await failures.isVisible()).to.equal(true);
    const failureText = await failures.innerText();
    expect(failureText).to.contain('app2');
    expect(failureText).to.contain('TASK [Migrate the schema]');
    expect(failureText).to.contain('migration 42 failed: relation users exists');
    // failures come before the recap, timeline and task list on the page
    const order = await page.evaluate(() => ['failures', 'recap', 'timeline', 'tasks'].map((id) => document.getElementById(id)!.getBoundingClientRect().top));
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));

    const diff = page.locator('details.task', { hasText: 'Write app.conf' }).locator('pre.diff').first();
    expect(await diff.isVisible()).to.equal(true);
    const diffText = await diff.innerText();
    expect(diffText).to.contain('+listen = 0.0.0.0:8080');
    expect(diffText).to.contain('+password = ********');
    expect(await page.locator('body').innerText()).not.to.contain(SECRET);

    expect(await page.locator('#timeline .tl-row').count()).to.equal(3);
    expect(await page.locator('#timeline .bar.s-failed').count()).to.equal(1);
    expect(await page.locator('#timeline .bar.s-ignored').count()).to.equal(2); // app2 stopped at its failure
    expect(problems).to.deep.equal([]);
    expect(requests).to.deep.equal([]);
    await page.close();
  });

  it('filters by host and by status', async () => {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
    await page.fill('#host-filter', 'db');
    await page.waitForFunction(() => document.querySelectorAll('#recap .host-row').length === 1);
    expect(await page.locator('#recap .host-row td.host').allInnerTexts()).to.deep.equal(['db1']);
    expect(await page.locator('#failures').isVisible()).to.equal(false);
    await page.fill('#host-filter', '');
    await page.waitForFunction(() => document.querySelectorAll('#recap .host-row').length === 3);
    await page.uncheck('input[data-status="ok"]');
    await page.uncheck('input[data-status="changed"]');
    await page.uncheck('input[data-status="skipped"]');
    await page.uncheck('input[data-status="ignored"]');
    const tasks = await page.locator('details.task .tname').allInnerTexts();
    expect(tasks).to.deep.equal(['TASK [Migrate the schema]']);
    await page.close();
  });

  it('stays readable at 200 hosts x 50 tasks: every host row, the one failure on top, no console error', async () => {
    const file = join(dir, 'big.html');
    writeFileSync(file, reportHtml(syntheticRun({ hosts: 200, tasks: 50, failHost: 41, failTask: 30, changedTasks: [2, 9] })));
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.host-row');
    expect(await page.locator('#recap .host-row').count()).to.equal(200);
    expect(await page.locator('#timeline .tl-row').count()).to.equal(200);
    expect(await page.locator('#recap .host-row td.host').first().innerText()).to.equal('node042');
    expect(await page.locator('#failures .failure').count()).to.equal(1);
    expect(await page.locator('details.task').count()).to.equal(50);
    // big runs open only the failed task; the others render their 200 rows when opened
    expect(await page.locator('details.task[open]').count()).to.equal(1);
    await page.locator('details.task', { hasText: 'step 3]' }).first().locator('summary').click();
    expect(await page.locator('details.task[open] pre.diff').count()).to.equal(200);
    const timing = await page.evaluate(() => performance.getEntriesByType('navigation')[0]!.toJSON() as { domContentLoadedEventEnd: number });
    process.stderr.write(`      200x50 report: ${Math.round(timing.domContentLoadedEventEnd)} ms to DOMContentLoaded\n`);
    expect(problems).to.deep.equal([]);
    await page.close();
  });
});
