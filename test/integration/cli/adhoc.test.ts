// `warren adhoc` against a real sshd on loopback: Ansible's output shapes, exit codes and flags.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrustedSshd, type SshdInstance } from '../../support/sshd.ts';
import { ROOT } from '../run/helpers.ts';

describe('warren adhoc over ssh', function () {
  this.timeout(120_000);
  let sshd: SshdInstance;
  let dir: string;
  let inventory: string;

  function warren(args: string[]) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/warren.js'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  before(async () => {
    sshd = await startTrustedSshd();
    dir = mkdtempSync(join(tmpdir(), 'warren-adhoc-'));
    const conn = `ansible_host: ${sshd.address}, ansible_port: ${sshd.port}, ansible_user: root, ansible_ssh_private_key_file: ${sshd.clientKeyFile}, warren_known_hosts_file: ${sshd.knownHostsFile}`;
    inventory = join(dir, 'hosts.yml');
    writeFileSync(
      inventory,
      [
        'all:',
        '  children:',
        '    web:',
        '      hosts:',
        `        h1: { ${conn} }`,
        `        h2: { ${conn} }`,
        '    db:',
        '      hosts:',
        `        h3: { ${conn} }`,
        '  vars:',
        `    workdir: ${dir}`,
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs command by default and prints `host | CHANGED | rc=0 >>` with the output', () => {
    const r = warren(['adhoc', 'all', '-i', inventory, '-a', 'echo hello from {{ inventory_hostname }}']);
    expect(r.code, r.stderr).to.equal(0);
    for (const h of ['h1', 'h2', 'h3']) expect(r.stdout).to.contain(`${h} | CHANGED | rc=0 >>\nhello from ${h}\n`);
  });

  it('`x` is an alias; -o prints one line per host; -l narrows the pattern', () => {
    const r = warren(['x', 'all', '-i', inventory, '-l', 'web', '-o', '-a', 'printf "a\\nb"']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n').sort()).to.deep.equal(['h1 | CHANGED | rc=0 | (stdout) a\\nb', 'h2 | CHANGED | rc=0 | (stdout) a\\nb']);
  });

  it('a failing command: `FAILED | rc=N`, stderr shown, exit code 2, other hosts still run', () => {
    const r = warren([
      'adhoc',
      'all',
      '-i',
      inventory,
      '-m',
      'shell',
      '-a',
      'if [ {{ inventory_hostname }} = h2 ]; then echo broken >&2; exit 3; fi; echo fine',
    ]);
    expect(r.code).to.equal(2);
    // Ansible's minimal callback glues stdout, stderr and msg together: 'brokennon-zero return code'
    expect(r.stdout).to.contain('h2 | FAILED | rc=3 >>\nbrokennon-zero return code\n');
    expect(r.stdout).to.contain('h1 | CHANGED | rc=0 >>\nfine');
    expect(r.stdout).to.contain('h3 | CHANGED | rc=0 >>\nfine');
  });

  it('other modules print JSON (`SUCCESS =>`); -C changes nothing, -D shows the diff, then a real run writes the file', () => {
    const args = ['adhoc', 'db', '-i', inventory, '-m', 'copy', '-a', `content="v={{ value }}\n" dest=${dir}/{{ inventory_hostname }}.conf`, '-e', 'value=42'];
    const check = warren([...args, '-C', '-D']);
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stdout).to.contain('+v=42');
    expect(check.stdout).to.match(/h3 \| CHANGED => \{\n {4}"changed": true,/);
    expect(existsSync(join(dir, 'h3.conf'))).to.equal(false);
    const real = warren(args);
    expect(real.code, real.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'h3.conf'), 'utf8')).to.equal('v=42\n');
    const again = warren(args);
    expect(again.stdout).to.match(/^h3 \| SUCCESS => \{\n {4}"changed": false,/);
  });

  it('RabbitMQ modules run too: -C -D plans rabbitmq_user/rabbitmq_vhost against a host without a broker', () => {
    const user = warren([
      'adhoc',
      'h1',
      '-i',
      inventory,
      '-m',
      'community.rabbitmq.rabbitmq_user',
      '-C',
      '-D',
      '-a',
      '{"user": "app", "password": "app-Secret-9", "vhost": "/", "configure_priv": ".*", "read_priv": ".*", "write_priv": ".*"}',
    ]);
    expect(user.code, user.stderr).to.equal(0);
    expect(user.stdout).to.match(/^h1 \| CHANGED => \{\n/m);
    expect(user.stdout).to.contain('"user": "app"');
    expect(user.stdout).not.to.contain('app-Secret-9');
    const vhost = warren(['x', 'web', '-i', inventory, '-m', 'rabbitmq_vhost', '-a', 'name=/orders', '-C', '-o']);
    expect(vhost.code, vhost.stderr).to.equal(0);
    expect(
      vhost.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' => ')[0])
        .sort(),
    ).to.deep.equal(['h1 | CHANGED', 'h2 | CHANGED']);
  });

  it('-b --become-user runs as that user', () => {
    const r = warren(['adhoc', 'h1', '-i', inventory, '-b', '--become-user', 'nobody', '-a', 'id -un']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('h1 | CHANGED | rc=0 >>\nnobody\n');
  });

  it('-t writes one JSON file per host with the whole result', () => {
    const tree = join(dir, 'tree');
    const r = warren(['adhoc', 'web', '-i', inventory, '-t', tree, '-a', 'echo tree']);
    expect(r.code, r.stderr).to.equal(0);
    const h1 = JSON.parse(readFileSync(join(tree, 'h1'), 'utf8'));
    expect(h1).to.include({ rc: 0, stdout: 'tree', changed: true });
    expect(existsSync(join(tree, 'h3'))).to.equal(false);
  });

  it('an unreachable host: `UNREACHABLE!`, exit code 4', () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'all:\n  hosts:\n    gone: { ansible_host: 127.0.0.1, ansible_port: 1, ansible_user: root }\n');
    const r = warren(['adhoc', 'all', '-i', bad, '-a', 'true']);
    expect(r.code).to.equal(4);
    expect(r.stdout).to.match(/^gone \| UNREACHABLE! => \{\n {4}"changed": false,/);
  });

  it('bad input stops before any host: unknown module exit 4, bad arguments and missing args exit 5', () => {
    const unknown = warren(['adhoc', 'all', '-i', inventory, '-m', 'copyy', '-a', 'dest=/x']);
    expect(unknown.code).to.equal(4);
    expect(unknown.stderr).to.contain("couldn't resolve module/action 'copyy' (did you mean 'copy'");
    const badArg = warren(['adhoc', 'all', '-i', inventory, '-m', 'file', '-a', 'path=/tmp/x nosuch=1']);
    expect(badArg.code).to.equal(5);
    expect(badArg.stderr).to.contain("unknown argument 'nosuch'");
    const none = warren(['adhoc', 'all', '-i', inventory]);
    expect(none.code).to.equal(5);
    expect(none.stderr).to.contain('No argument passed to command module');
    expect(unknown.stdout + badArg.stdout + none.stdout).to.equal('');
  });

  it('no matching host: a warning and exit 0; --list-hosts lists without connecting', () => {
    const none = warren(['adhoc', 'nosuchgroup', '-i', inventory, '-a', 'true']);
    expect(none.code).to.equal(0);
    expect(none.stderr).to.contain('[WARNING]: No hosts matched, nothing to do');
    const list = warren(['adhoc', 'all:!db', '-i', inventory, '--list-hosts']);
    expect(list.stdout).to.equal('  hosts (2):\n    h1\n    h2\n');
  });

  it('--report writes run.json (the --json record with timings) and a self-contained report.html', () => {
    const out = join(dir, 'report');
    const r = warren(['adhoc', 'all', '-i', inventory, '-m', 'shell', '-a', 'echo report; [ {{ inventory_hostname }} != h3 ]', '--report', out]);
    expect(r.code).to.equal(2);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(record.plays[0].name).to.equal('Ansible Ad-Hoc');
    expect(record.plays[0].tasks[0].hosts.h3.status).to.equal('failed');
    expect(record.stats.h1).to.include({ changed: 1, failed: 0 });
    expect(record.report.host_start_ms[0][0]).to.have.keys('h1', 'h2', 'h3');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).to.contain('<!doctype html>');
    expect(html).not.to.match(/<(script|link|img)[^>]+(src|href)=/);
  });
});
