// service_facts and package_facts through a real sshd on loopback, compared with what systemctl
// and dpkg on this machine say directly.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { type ModuleHost, startModuleHost } from '../../support/module-over-ssh.ts';

const run = promisify(execFile);

describe('service_facts and package_facts over a real sshd', function () {
  this.timeout(120_000);
  let host: ModuleHost;
  before(async () => {
    host = await startModuleHost();
  });
  after(() => host?.close());

  it('service_facts reports each service with state and status (systemd, or sysv without it)', async () => {
    const r = await host.exec('service_facts', {});
    expect(r.changed).to.equal(false);
    const services = (r.ansible_facts as { services: Record<string, { name: string; state: string; status: string; source: string }> }).services;
    // The loopback host is this machine: booted with systemd or not (a container), as it is.
    if (existsSync('/run/systemd/system')) {
      const { stdout } = await run('systemctl', ['list-unit-files', '--no-pager', '--type', 'service', '--no-legend']);
      const [name, status] = stdout.trim().split('\n')[0]!.trim().split(/\s+/);
      expect(services[name!]).to.include({ name, status, source: 'systemd' });
      const active = (await run('systemctl', ['list-units', '--no-pager', '--type', 'service', '--state', 'running', '--no-legend', '--plain'])).stdout
        .trim()
        .split(/\s+/)[0]!;
      expect(services[active]).to.include({ state: 'running' });
    } else {
      const { stdout } = await run('service', ['--status-all']);
      const lines = stdout.split('\n').filter((l) => /\[ [+-] \]/.test(l));
      expect(lines.length).to.be.greaterThan(0);
      for (const line of lines) {
        const name = line.trim().split(/\s+/).at(-1)!;
        expect(services[name], name).to.deep.equal({ name, state: line.includes('[ + ]') ? 'running' : 'stopped', status: 'unknown', source: 'sysv' });
      }
    }
  });

  it('package_facts lists installed packages as dpkg does', async () => {
    const r = await host.exec('package_facts', { manager: 'auto' });
    const packages = (r.ansible_facts as { packages: Record<string, Array<Record<string, string>>> }).packages;
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Version} ${Architecture}', 'openssh-server']);
    const [version, arch] = stdout.split(' ');
    expect(packages['openssh-server']).to.deep.equal([{ name: 'openssh-server', version, arch, category: 'net', source: 'apt' }]);
    expect(await host.exec('package_facts', { manager: 'rpm' })).to.include({ failed: true });
  });
});
