// Workload 3: the converged re-run of playbooks/site.yml on a deployed four-host RabbitMQ lab,
// warren only (its roles use Handlebars templates, which Ansible cannot render), next to the floor
// of as many `true` commands per host as the run executed tasks.
import { join } from 'node:path';
import { SshConnection, sshSettingsFromVars } from '../../src/connection/ssh.ts';
import { inventoryVarsFor, loadInventory } from '../../src/inventory/index.ts';
import { SecretRegistry } from '../../src/vault/secret-registry.ts';
import { createVaultDecryptor, readPasswordFile } from '../../src/vault/index.ts';
import { measureFloorOn } from './floor.ts';
import { measure } from './measure.ts';
import { summarize, type Summary } from './stats.ts';
import type { BenchContext } from './tools.ts';

export interface RabbitmqResult {
  inventory: string;
  hosts: string[];
  tasksPerHost: number;
  warren: Summary;
  /** as many `true` per host, one SSH channel each */
  floor: Summary;
  /** the same through a persistent shell */
  shellFloor?: Summary;
}

interface JsonRun {
  plays: Array<{ tasks: Array<{ hosts: Record<string, { status: string }> }> }>;
  stats: Record<string, { changed: number; failures?: number; failed?: number; unreachable: number }>;
}

type SiteContext = Pick<BenchContext, 'root' | 'forks' | 'runs' | 'log'>;

function siteRun(ctx: SiteContext, inventory: string, vaultPasswordFile: string | undefined, json: boolean) {
  const args = [join(ctx.root, 'bin', 'run-playbook.js'), join(ctx.root, 'playbooks', 'site.yml'), '-i', inventory, '-f', String(ctx.forks)];
  if (vaultPasswordFile) args.push('--vault-password-file', vaultPasswordFile);
  if (json) args.push('--json');
  return measure({ file: process.execPath, args, cwd: ctx.root });
}

export async function rabbitmqWorkload(ctx: SiteContext, inventory: string, vaultPasswordFile: string | undefined): Promise<RabbitmqResult> {
  const probe = await siteRun(ctx, inventory, vaultPasswordFile, true);
  if (probe.code !== 0)
    throw new Error(
      `site.yml on ${inventory} did not run clean (exit code ${probe.code}); deploy the lab first\n${probe.stderr.trim().split('\n').slice(-15).join('\n')}`,
    );
  const record = JSON.parse(probe.stdout) as JsonRun;
  const hosts = Object.keys(record.stats);
  const changed = hosts.reduce((sum, host) => sum + record.stats[host]!.changed, 0);
  if (changed > 0) ctx.log(`note: the first site.yml run changed ${changed} task results: the lab was not converged; the timed runs follow it`);
  // Tasks a host really ran (skipped ones cost no round trip): the busiest host sets the floor.
  const counts = hosts.map((host) => record.plays.flatMap((p) => p.tasks).filter((t) => t.hosts[host] && t.hosts[host]!.status !== 'skipped').length);
  const tasksPerHost = Math.max(...counts);
  const times: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const m = await siteRun(ctx, inventory, vaultPasswordFile, false);
    if (m.code !== 0) throw new Error(`site.yml converged run ${run + 1}: exit code ${m.code}\n${m.stdout.slice(-2000)}`);
    times.push(m.ms);
  }
  const vault = vaultPasswordFile ? createVaultDecryptor(await readPasswordFile(vaultPasswordFile)) : undefined;
  const inv = await loadInventory([inventory], { secrets: new SecretRegistry(), vault });
  const connections = (shell: boolean) =>
    hosts.map((host) => {
      const { groupVars, hostVars } = inventoryVarsFor(inv, host);
      return new SshConnection(host, sshSettingsFromVars(host, { ...groupVars, ...hostVars, warren_persistent_shell: shell }, {}));
    });
  const floor = await measureFloorOn(connections(false), tasksPerHost, ctx.runs);
  const shellFloor = await measureFloorOn(connections(true), tasksPerHost, ctx.runs);
  return {
    inventory,
    hosts,
    tasksPerHost,
    warren: summarize(times)!,
    floor: summarize(floor.map((f) => f.ms))!,
    shellFloor: summarize(shellFloor.map((f) => f.ms)),
  };
}
