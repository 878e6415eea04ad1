// `warren lab ...`: argument parsing only; the work is in src/lab/.
import type { Command } from 'commander';
import { ExitCode, WarrenError } from '../core/errors.ts';
import { labFault, labStatus, labFaultActions, type LabFaultAction } from '../lab/faults.ts';
import { defaultLabHosts, defaultLabName, labDown, labRemoveHost, labUp } from '../lab/lab.ts';
import { defaultProgress } from '../lab/progress.ts';
import { defaultLabPaths } from '../lab/state.ts';

export interface UpFlags {
  hosts?: string;
  count?: string;
  prefix: string;
  subnet?: string;
  name: string;
  inventory: string;
  bootTimeout?: string;
}

export function hostsFromFlags(flags: Pick<UpFlags, 'hosts' | 'count' | 'prefix'>): string[] {
  if (flags.hosts && flags.count) throw new WarrenError('use either --hosts or --count, not both', ExitCode.badOptions);
  // Host names start with a letter, so a bare number can only be a count: `--hosts 200`.
  if (flags.hosts && /^\s*\d+\s*$/.test(flags.hosts)) return hostsFromFlags({ ...flags, hosts: undefined, count: flags.hosts.trim() });
  if (flags.count) {
    const count = Number(flags.count);
    if (!Number.isInteger(count) || count < 1 || count > 200)
      throw new WarrenError(`bad --count "${flags.count}": a whole number from 1 to 200`, ExitCode.badOptions);
    return Array.from({ length: count }, (_, index) => `${flags.prefix}${index + 1}`);
  }
  return flags.hosts
    ? flags.hosts
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean)
    : defaultLabHosts;
}

/** Hosts boot all at once on the machine's few CPUs, so a big lab gets longer by default. */
export function bootTimeoutSeconds(flag: string | undefined, hosts: number): number {
  if (flag === undefined) return Math.max(90, hosts);
  const seconds = Number(flag);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new WarrenError(`bad --boot-timeout "${flag}": a number of seconds above 0`, ExitCode.badOptions);
  return seconds;
}

function formatBytes(bytes: number | undefined): string {
  return bytes === undefined ? '-' : `${(bytes / 1048576).toFixed(0)} MiB`;
}

function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 120) return `${seconds}s`;
  return seconds < 7200 ? `${Math.floor(seconds / 60)}m` : `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}

/** Runs an action and turns errors into a message on stderr and the error's exit code. */
async function report(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    process.stderr.write(`warren lab: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof WarrenError ? error.exitCode : ExitCode.error;
  }
}

export function registerLabCommand(program: Command): void {
  const lab = program.command('lab').description('a local lab of real Debian hosts (systemd-nspawn) to deploy to and test against');
  const nameOption = (command: Command) => command.option('--name <lab>', 'lab name', defaultLabName);

  nameOption(lab.command('up'))
    .description('build the base image once, boot the hosts, write the inventory (re-run repairs missing hosts)')
    .option('--hosts <names>', `comma-separated host names (default ${defaultLabHosts.join(',')}), or a number: --count`)
    .option('--count <n>', 'number of hosts named <prefix>1..<prefix>N')
    .option('--prefix <prefix>', 'host name prefix with --count', 'node')
    .option('--subnet <cidr>', 'IPv4 network of the lab bridge (default 10.86.0.0/24)')
    .option('--inventory <path>', 'inventory file to write', 'inventories/lab/hosts.yml')
    .option('--boot-timeout <seconds>', 'how long a host may take to answer SSH (default 90, or 1 per host above 90 hosts)')
    .action((flags: UpFlags) =>
      report(async () => {
        const hosts = hostsFromFlags(flags);
        const facts = await labUp({
          name: flags.name,
          hosts,
          subnet: flags.subnet,
          inventoryPath: flags.inventory,
          bootTimeoutMs: bootTimeoutSeconds(flags.bootTimeout, hosts.length) * 1000,
          paths: defaultLabPaths,
          progress: defaultProgress(),
        });
        process.stdout.write(`lab ${facts.name} is up: ${Object.keys(facts.hosts).length} hosts, inventory ${facts.inventoryPath}\n`);
      }),
    );

  nameOption(lab.command('down'))
    .description('stop every host and remove mounts, bridge, inventory and state')
    .action((flags: { name: string }) =>
      report(async () => {
        const found = await labDown({ name: flags.name, paths: defaultLabPaths, progress: defaultProgress() });
        process.stdout.write(found ? `lab ${flags.name} is down\n` : `lab ${flags.name} was not up; nothing to do\n`);
      }),
    );

  nameOption(lab.command('remove <host>'))
    .description('destroy one host and take it out of the inventory (the lab shrinks; `lab up --hosts` grows it)')
    .action((host: string, flags: { name: string }) =>
      report(async () => {
        process.stdout.write(`${await labRemoveHost({ name: flags.name, host, paths: defaultLabPaths })}\n`);
      }),
    );

  nameOption(lab.command('status'))
    .description('each host: running or not, address, uptime, memory')
    .action((flags: { name: string }) =>
      report(async () => {
        const { state, hosts } = await labStatus({ name: flags.name, paths: defaultLabPaths });
        const rows = [['HOST', 'STATE', 'ADDRESS', 'UPTIME', 'MEMORY']];
        for (const host of hosts) {
          const status = host.running ? (host.partitioned ? 'partitioned' : 'running') : 'stopped';
          rows.push([host.host, status, host.address, formatUptime(host.uptimeSeconds), formatBytes(host.memoryBytes)]);
        }
        const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
        process.stdout.write(`lab ${state.name} on ${state.bridge} (${state.subnet}), inventory ${state.inventoryPath}\n`);
        for (const row of rows)
          process.stdout.write(
            `${row
              .map((cell, column) => cell.padEnd(widths[column]!))
              .join('  ')
              .trimEnd()}\n`,
          );
      }),
    );

  for (const action of labFaultActions) {
    const descriptions: Record<LabFaultAction, string> = {
      stop: 'clean poweroff of a host (its disk is kept)',
      start: 'boot a stopped or killed host and wait for SSH',
      kill: 'SIGKILL every process of a host at once: a crash',
      partition: 'cut a host off the lab network, both ways',
      heal: 'put a partitioned host back on the lab network',
      rebuild: 'reinstall a host: fresh disk from the base image, same name, address and host key',
    };
    nameOption(lab.command(`${action} <host>`))
      .description(descriptions[action])
      .action((host: string, flags: { name: string }) =>
        report(async () => {
          process.stdout.write(`${await labFault({ name: flags.name, host, action, paths: defaultLabPaths })}\n`);
        }),
      );
  }
}
