// On lab host sys1 (Debian 12, systemd as PID 1), through the real CLI: a task's `environment:`
// reaches apt (its update and dpkg hooks record the proxy variable they inherit) and
// systemd/service (a systemctl helper first on the task's PATH records a variable for
// daemon-reload, the probe, start and stop). About 1 minute on the shared VM (one apt-get update
// through the lab's proxy, an install and a purge).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { SshConnection } from '../../../src/connection/ssh.ts';
import { passwordFileOf } from '../../../src/vault/secrets-init.ts';
import type { LabFixture } from '../../support/lab.ts';
import { connectSys1, wsysLab } from '../../support/wsys-lab.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('environment: on lab host sys1', function () {
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
});
