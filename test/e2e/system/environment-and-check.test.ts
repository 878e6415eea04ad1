// On lab host sys1 (Debian 12, systemd as PID 1), through the real CLI:
// - a task's `environment:` reaches apt (its update and dpkg hooks record the proxy variable they
//   inherit) and systemd/service (a systemctl helper first on the task's PATH records a variable
//   for daemon-reload, the probe, start and stop);
// - every registered module run with --check --diff leaves the host as it was: dpkg status, the
//   apt lists, active units, unit files, /etc, /root, /srv, /opt,
//   /usr/local, cron spools, iptables rules, mounts, hostname, timezone, a sysctl, and no temp file
//   of warren's (get_url's, unarchive's, tempfile's) left in /tmp or /var/tmp.
// About 40 s on the shared VM with wsys up (14:12 UTC, 2026-12-02): two apt-get updates through the lab's proxy, four installs.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { SshConnection } from '../../../src/connection/ssh.ts';
import { moduleNames } from '../../../src/modules/registry.ts';
import { passwordFileOf } from '../../../src/vault/secrets-init.ts';
import type { JsonRunRecord } from '../../../src/report/json.ts';
import type { LabFixture } from '../../support/lab.ts';
import { connectSys1, wsysLab } from '../../support/wsys-lab.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

// Login bookkeeping (logind's sessions) and the D-Bus services timedatectl starts on demand and
// that exit when idle: present or not by timing, never by what a module did.
const TRANSIENT_UNITS =
  "grep -Ev '^(session-[^ ]*\\.scope|user@[^ ]*\\.service|user-[^ ]*\\.slice|user-runtime-dir@[^ ]*\\.service|systemd-(hostnamed|timedated|localed)\\.service)[ ]'";

/** Everything a module could change on sys1, one `## name` section each (mtimes, modes, owners, contents). */
const SNAPSHOT = `
section() { echo "## $1"; }
section dpkg-status; sha256sum /var/lib/dpkg/status
section apt-lists; find /var/lib/apt/lists -printf '%p %y %m %s %T@\\n' | sort; find /var/lib/apt/lists -type f -exec sha256sum {} + | sort
section units; systemctl list-units --no-legend --plain --no-pager | ${TRANSIENT_UNITS} | sort
section unit-files; systemctl list-unit-files --no-legend --no-pager | ${TRANSIENT_UNITS} | sort
for d in /etc /root /srv /opt /usr/local /var/spool/cron; do
  section "tree $d"
  if [ -e "$d" ]; then find "$d" -xdev -printf '%p %y %m %U %G %s %T@ %l\\n' | sort; find "$d" -xdev -type f -exec sha256sum {} + | sort; fi
done
section iptables; iptables -S 2>&1
section mounts; findmnt -rn -o TARGET,SOURCE,FSTYPE,OPTIONS | sort
section hostname; hostname; cat /etc/hostname
section timezone; timedatectl show -p Timezone --value
section sysctl; sysctl -n net.ipv4.ip_forward
section temps; for p in '.warren-*' 'ansible.*'; do find /tmp /var/tmp -maxdepth 1 -name "$p"; done | sort
`;

function sections(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    out[part.slice(0, newline)] = part.slice(newline + 1);
  }
  return out;
}

describe('environment: and --check on lab host sys1', function () {
  this.timeout(15 * 60 * 1000);
  let lab: LabFixture;
  let conn: SshConnection;
  let dir: string;
  const sh = async (command: string): Promise<string> => {
    const r = await conn.exec(command);
    if (r.code !== 0) throw new Error(`sys1: ${command.split('\n')[0]} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };

  function runPlay(name: string, play: unknown[], args: string[] = []) {
    const path = join(dir, `${name}.yml`);
    writeFileSync(path, stringify(play));
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/run-playbook.js'),
        path,
        '-i',
        lab.inventoryPath,
        // the lab inventory's own vaulted secrets (group_vars/all) need its password to load
        '--vault-password-file',
        passwordFileOf(dirname(lab.inventoryPath)),
        '-l',
        'sys1',
        ...args,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 10 * 60 * 1000,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    return { code: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
  }

  before(async () => {
    lab = await wsysLab();
    conn = await connectSys1(lab);
    dir = mkdtempSync(join(tmpdir(), 'warren-e2e-envcheck-'));
  });
  after(async () => {
    await conn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('environment: reaches apt, systemd and service', () => {
    const MARK = 'env-reached-sys1-5c1e';
    const HELPER_PATH = '/opt/warren-e2e/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    let proxy = '';
    before(async () => {
      await sh('if dpkg -s hello >/dev/null 2>&1; then DEBIAN_FRONTEND=noninteractive apt-get -y -q purge hello >/dev/null; fi');
      // the lab's own proxy (01warren-lab-proxy): the variable points where apt goes anyway
      proxy = (await sh(`sed -n 's/^Acquire::http::Proxy "\\(.*\\)";$/\\1/p' /etc/apt/apt.conf.d/01warren-lab-proxy`)).trim();
      expect(proxy).to.match(/^http:\/\//);
      await sh(`set -e
rm -rf /run/warren-e2e; mkdir -p /run/warren-e2e /opt/warren-e2e/bin
cat > /opt/warren-e2e/bin/systemctl <<'EOF'
#!/bin/sh
# records what the task's environment gave it, then is systemctl
echo "$* :: \${WARREN_E2E_MARK:-unset}" >> /run/warren-e2e/systemctl
exec /usr/bin/systemctl "$@"
EOF
chmod 755 /opt/warren-e2e/bin/systemctl
cat > /etc/apt/apt.conf.d/99warren-e2e-env <<'EOF'
APT::Update::Pre-Invoke { "printenv http_proxy >> /run/warren-e2e/apt-update || echo unset >> /run/warren-e2e/apt-update"; };
DPkg::Pre-Invoke { "printenv http_proxy >> /run/warren-e2e/apt-dpkg || echo unset >> /run/warren-e2e/apt-dpkg"; };
EOF
printf '[Unit]\\nDescription=warren environment e2e\\n[Service]\\nExecStart=/bin/sleep infinity\\n' > /etc/systemd/system/warren-env-e2e.service`);
    });
    after(async () => {
      await conn?.exec(
        'systemctl stop warren-env-e2e 2>/dev/null; rm -rf /opt/warren-e2e /run/warren-e2e /etc/apt/apt.conf.d/99warren-e2e-env /etc/systemd/system/warren-env-e2e.service; systemctl daemon-reload',
      );
    });

    it('apt-get update and dpkg see the proxy variable; systemctl sees the variable and PATH for every call', async () => {
      const helperEnv = { PATH: HELPER_PATH, WARREN_E2E_MARK: MARK };
      const r = runPlay('environment', [
        {
          hosts: 'sys1',
          gather_facts: false,
          tasks: [
            { name: 'apt install', apt: { name: 'hello', state: 'present', update_cache: true }, environment: { http_proxy: proxy } },
            { name: 'apt purge', apt: { name: 'hello', state: 'absent', purge: true }, environment: { http_proxy: proxy } },
            { name: 'systemd start', systemd: { name: 'warren-env-e2e', state: 'started', daemon_reload: true }, environment: helperEnv },
            { name: 'service stop', service: { name: 'warren-env-e2e', state: 'stopped' }, environment: helperEnv },
          ],
        },
      ]);
      expect(r.code, r.out).to.equal(0);
      expect(r.out).to.match(/sys1\s+: ok=4\s+changed=4\s/);
      const lines = async (name: string) => (await sh(`cat /run/warren-e2e/${name}`)).trim().split('\n');
      expect(await lines('apt-update'), 'APT::Update::Pre-Invoke').to.deep.equal([proxy]);
      const dpkg = await lines('apt-dpkg');
      expect(dpkg.length, 'dpkg ran for the install and the purge').to.be.at.least(2);
      expect(new Set(dpkg), 'DPkg::Pre-Invoke').to.deep.equal(new Set([proxy]));
      const calls = await lines('systemctl');
      for (const call of calls) expect(call, 'every systemctl call').to.match(new RegExp(` :: ${MARK}$`));
      const verbs = calls.map((call) => call.split(' ').find((word) => !word.startsWith('-')));
      expect(verbs).to.include.members(['daemon-reload', 'show', 'start', 'stop']);
      expect((await conn.exec('systemctl is-active warren-env-e2e')).stdout.trim()).to.equal('inactive');
    });
  });

  describe('--check --diff with every module', () => {
    let forwarding = '';
    let pubkey = '';
    const fetched = () => join(dir, 'fetched');
    /** module -> arguments; several tasks of one module are named `module:what`. */
    const tasks = (): Array<[string, unknown]> => [
      ['setup', {}],
      ['package_facts', {}],
      ['service_facts', {}],
      ['ping', {}],
      ['getent', { database: 'passwd', key: 'root' }],
      ['stat', { path: '/etc/hostname' }],
      ['slurp', { src: '/etc/hostname' }],
      ['find', { paths: '/srv/wcheck', patterns: '*' }],
      ['wait_for', { port: 22, timeout: 5 }],
      ['debug', { msg: 'checking' }],
      ['set_fact', { wcheck: 1 }],
      ['assert', { that: ['wcheck == 1'] }],
      ['fail', { msg: 'a fail task fails in check mode too' }],
      ['pause', { seconds: 1 }],
      ['add_host', { name: 'wcheck-added' }],
      ['group_by', { key: 'wcheck_group' }],
      ['set_stats', { data: { wcheck: 1 } }],
      ['include_vars', { file: join(dir, 'vars.yml') }],
      ['apt', { name: 'hello', state: 'present', update_cache: true }],
      ['apt:autoremove', { autoremove: true, purge: true }],
      ['package', { name: 'hello', state: 'present' }],
      ['apt_key', { file: '/usr/share/keyrings/debian-archive-keyring.gpg', keyring: '/etc/apt/trusted.gpg.d/wcheck.gpg' }],
      ['apt_repository', { repo: 'deb http://127.0.0.1:9/debian bookworm main', state: 'present', update_cache: true }],
      ['deb822_repository', { name: 'wcheck', uris: 'http://127.0.0.1:9/debian', suites: 'bookworm', components: 'main' }],
      ['service', { name: 'warren-check', state: 'stopped', enabled: true, daemon_reload: true }],
      ['systemd', { name: 'warren-check', state: 'restarted', daemon_reload: true }],
      ['systemd_service', { name: 'warren-check', masked: true }],
      ['group', { name: 'wcheckgrp', gid: 4322 }],
      ['user', { name: 'wcheckusr', shell: '/bin/bash', create_home: true }],
      ['user:remove', { name: 'wcheckold', state: 'absent', remove: true }],
      ['hostname', { name: 'sys1-checked' }],
      ['cron', { name: 'wcheck', job: 'true', minute: '5' }],
      ['sysctl', { name: 'net.ipv4.ip_forward', value: forwarding === '1' ? '0' : '1', sysctl_set: true }],
      ['mount', { path: '/mnt/wcheck', src: 'tmpfs', fstype: 'tmpfs', state: 'mounted' }],
      ['timezone', { name: 'Asia/Tokyo' }],
      ['iptables', { chain: 'INPUT', protocol: 'tcp', destination_port: '2345', jump: 'ACCEPT' }],
      ['authorized_key', { user: 'root', key: pubkey }],
      ['known_hosts', { name: 'wcheck.example', key: `wcheck.example ${pubkey}` }],
      ['copy', { content: 'new\n', dest: '/srv/wcheck/conf', backup: true }],
      ['copy:new', { content: 'new\n', dest: '/srv/wcheck/created', mode: '0600' }],
      ['template', { src: join(dir, 't.j2'), dest: '/srv/wcheck/rendered' }],
      ['file:mode', { path: '/srv/wcheck/keep', mode: '0600' }],
      ['file:directory', { path: '/srv/wcheck/newdir/deeper', state: 'directory' }],
      ['file:absent', { path: '/srv/wcheck/keep', state: 'absent' }],
      ['file:link', { path: '/srv/wcheck/link', src: '/srv/wcheck/conf', state: 'link' }],
      ['file:touch', { path: '/srv/wcheck/conf', state: 'touch' }],
      ['lineinfile', { path: '/srv/wcheck/conf', regexp: '^a=', line: 'a=9' }],
      ['replace', { path: '/srv/wcheck/conf', regexp: 'b=2', replace: 'b=3' }],
      ['blockinfile', { path: '/srv/wcheck/conf', block: 'c=4' }],
      ['command', { cmd: 'touch /srv/wcheck/touched' }],
      ['shell', { cmd: 'echo x > /srv/wcheck/shelled' }],
      ['unarchive', { src: join(dir, 'a.tar.gz'), dest: '/srv/wcheck/unpacked' }],
      ['archive', { path: '/srv/wcheck/tree', dest: '/srv/wcheck/tree.tar.gz' }],
      ['get_url', { url: 'file:///etc/hostname', dest: '/srv/wcheck/downloaded' }],
      ['uri', { url: 'http://127.0.0.1:22/' }],
      ['fetch', { src: '/etc/hostname', dest: `${fetched()}/` }],
      ['tempfile', { state: 'file' }],
      ['rabbitmq_user', { user: 'wcheck', password: 'wcheck-secret', vhost: '/', configure_priv: '.*', read_priv: '.*', write_priv: '.*' }],
      ['rabbitmq_vhost', { name: '/wcheck' }],
      ['rabbitmq_policy', { name: 'wcheck', pattern: '.*', tags: { 'ha-mode': 'all' } }],
      ['rabbitmq_plugin', { names: 'rabbitmq_shovel', state: 'enabled' }],
      ['rabbitmq_cluster_name', { name: 'wcheck' }],
      ['rabbitmq_health', {}],
      ['rabbitmq_cluster_facts', {}],
      ['dnf', { name: 'hello' }],
      ['yum', { name: 'hello' }],
      ['rpm_key', { key: '/usr/share/keyrings/debian-archive-keyring.gpg' }],
      ['yum_repository', { name: 'wcheck', baseurl: 'http://127.0.0.1:9/' }],
      ['win_file', { path: 'C:\\wcheck', state: 'directory' }],
      ['win_tempfile', { state: 'file' }],
    ];
    // fail fails; the RPM and Windows modules refuse a Debian host when reached.
    const EXPECTED_FAILURES = ['dnf', 'fail', 'rpm_key', 'win_file', 'win_tempfile', 'yum', 'yum_repository'];

    before(async () => {
      await sh(`set -e
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null && apt-get -y -q install iptables tzdata cron curl >/dev/null
if dpkg -s hello >/dev/null 2>&1; then apt-get -y -q purge hello >/dev/null; fi
rm -rf /srv/wcheck /mnt/wcheck; mkdir -p /srv/wcheck/tree /srv/wcheck/unpacked
printf 'a=1\\nb=2\\n' > /srv/wcheck/conf; echo kept > /srv/wcheck/keep; echo inside > /srv/wcheck/tree/x
id wcheckold >/dev/null 2>&1 || useradd -m wcheckold
printf '[Unit]\\nDescription=warren check e2e\\n[Service]\\nExecStart=/bin/sleep infinity\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/warren-check.service
systemctl daemon-reload; systemctl start warren-check
# apt's prepare step (apt-get update) must not run in check mode: if it did, this file would appear.
echo 'APT::Update::Pre-Invoke { "echo ran >> /srv/wcheck/apt-update-ran"; };' > /etc/apt/apt.conf.d/99warren-e2e-check`);
      forwarding = (await sh('sysctl -n net.ipv4.ip_forward')).trim();
      writeFileSync(join(dir, 't.j2'), 'rendered for {{ inventory_hostname }}\n');
      writeFileSync(join(dir, 'vars.yml'), 'wcheck_var: 1\n');
      mkdirSync(join(dir, 'a'));
      writeFileSync(join(dir, 'a', 'member'), 'member\n');
      execFileSync('tar', ['-czf', join(dir, 'a.tar.gz'), '-C', join(dir, 'a'), 'member']);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'wcheck', '-f', join(dir, 'key')]);
      pubkey = readFileSync(join(dir, 'key.pub'), 'utf8').trim();
    });
    after(async () => {
      await conn?.exec(
        'systemctl stop warren-check; rm -f /etc/systemd/system/warren-check.service /etc/apt/apt.conf.d/99warren-e2e-check; systemctl daemon-reload; userdel -r wcheckold 2>/dev/null; rm -rf /srv/wcheck; true',
      );
    });

    it('names every registered module', () => {
      const used = new Set(tasks().map(([name]) => name.split(':')[0]));
      expect(
        moduleNames().filter((name) => !used.has(name)),
        'modules missing from the --check play',
      ).to.deep.equal([]);
    });

    it('leaves dpkg status, apt lists, units, files and kernel state byte-identical', async () => {
      const before = sections(await sh(SNAPSHOT));
      const play = [
        {
          hosts: 'sys1',
          gather_facts: false,
          tasks: tasks().map(([name, args]) => ({ name, [name.split(':')[0]]: args, ignore_errors: true })),
        },
      ];
      const r = runPlay('check', play, ['--check', '--diff', '--json']);
      const record = JSON.parse(r.stdout) as JsonRunRecord;
      const results = record.plays[0].tasks.map((task) => [task.name, task.hosts.sys1] as const);
      const failed = results.filter(([, result]) => result?.status === 'failed');
      expect(failed.map(([name]) => name).sort(), failed.map(([name, result]) => `${name}: ${String(result?.msg)}`).join('\n')).to.deep.equal(
        EXPECTED_FAILURES,
      );
      const changed = results.filter(([, result]) => result?.changed).map(([name]) => name);
      expect(changed, 'check mode predicts changes').to.include.members([
        'apt',
        'service',
        'systemd',
        'user',
        'hostname',
        'cron',
        'timezone',
        'iptables',
        'copy',
        'mount',
      ]);
      expect(sections(await sh(SNAPSHOT))).to.deep.equal(before);
      expect(existsSync(fetched()), 'fetch wrote on the controller').to.equal(false);
      // No check here that the snapshot would see a daemon-reload: the lab's systemd 252 keeps the
      // Generators/UnitsLoad timestamps of `systemctl show` after one (lab run at 14:12).
      // It does see what apt's prepare step would have done:
      await sh('DEBIAN_FRONTEND=noninteractive apt-get -q update >/dev/null');
      expect(sections(await sh(SNAPSHOT))['tree /srv'], 'a real apt-get update shows').to.not.equal(before['tree /srv']);
    });
  });
});
