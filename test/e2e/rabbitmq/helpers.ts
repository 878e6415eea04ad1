// Helpers for the RabbitMQ end-to-end tests: run warren as a child process, read the PLAY
// RECAP, and run read-only commands on lab hosts with the lab's key and known_hosts.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ensureLab } from '../../support/lab.ts';

const run = promisify(execFile);
export const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface LabAccess {
  inventoryPath: string;
  hosts: Record<string, { address: string }>;
  keyFile: string;
  knownHostsFile: string;
}

export interface RunOutput {
  code: number;
  output: string;
}

/**
 * The lab these suites use: `warren` on 10.86.0.0/24 (inventories/lab) unless
 * WARREN_E2E_RMQ_LAB / WARREN_E2E_RMQ_SUBNET name another one, so a run never collides with a
 * lab someone else is using. Another lab gets its inventory under /var/lib/warren/labs/<name>/
 * with the lab's group_vars copied beside it (the vault is made there by ensureLabSecrets).
 */
export const labName = process.env.WARREN_E2E_RMQ_LAB || 'warren';
const labSubnet = process.env.WARREN_E2E_RMQ_SUBNET || undefined;

export async function rabbitmqLab(hosts: string[]): Promise<LabAccess> {
  if (labName === 'warren') return ensureLab({ name: labName, hosts, ...(labSubnet ? { subnet: labSubnet } : {}) });
  const inventoryPath = `/var/lib/warren/labs/${labName}/inventory/hosts.yml`;
  const lab = await ensureLab({ name: labName, hosts, inventoryPath, ...(labSubnet ? { subnet: labSubnet } : {}) });
  for (const file of ['all/main.yml', 'rabbitmq.yml', 'haproxy.yml']) {
    const target = join(dirname(inventoryPath), 'group_vars', file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, 'inventories/lab/group_vars', file), target);
  }
  return lab;
}

/** run-playbook PLAYBOOK -i INV --vault-password-file F ARGS...; never throws on a non-zero exit. */
export async function runPlaybook(lab: LabAccess, passwordFile: string, playbook: string, ...args: string[]): Promise<RunOutput> {
  const argv = ['bin/run-playbook.js', playbook, '-i', lab.inventoryPath, '--vault-password-file', passwordFile, ...args];
  try {
    const { stdout, stderr } = await run('node', argv, { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

export interface RecapLine {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
}

/** `rmq1 : ok=12 changed=0 unreachable=0 failed=0 ...` lines, by host. */
export function parseRecap(output: string): Record<string, RecapLine> {
  const recap: Record<string, RecapLine> = {};
  const start = output.lastIndexOf('PLAY RECAP');
  for (const m of output.slice(Math.max(start, 0)).matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
    recap[m[1]] = { ok: Number(m[2]), changed: Number(m[3]), unreachable: Number(m[4]), failed: Number(m[5]) };
  }
  return recap;
}

/** Lines a unified diff adds or removes (headers left out). */
export function changedDiffLines(output: string): string[] {
  return output.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---)( |$)/.test(l));
}

/** Task and handler titles (`rabbitmq : Write ...`, `haproxy : reload haproxy`) under which some host reported `changed`. */
export function changedTasks(output: string): string[] {
  const titles: string[] = [];
  let current = '';
  for (const line of output.split('\n')) {
    const header = /^(?:TASK|RUNNING HANDLER) \[(.*)\] \*+$/.exec(line);
    if (header) current = header[1];
    else if (/^changed: \[/.test(line) && !titles.includes(current)) titles.push(current);
  }
  return titles;
}

/** The hosts restarted (or upgraded, which restarts) by each turn of the rolling restart, one list per serial turn. */
export function restartTurns(output: string): string[][] {
  return output
    .split(/^(?=TASK \[)/m)
    .filter((block) => /^TASK \[rabbitmq : (Restart rabbitmq-server|Upgrade rabbitmq-server to the pinned version)/.test(block))
    .map((block) => [...block.matchAll(/^changed: \[(\S+)\]$/gm)].map((m) => m[1]!))
    .filter((hosts) => hosts.length > 0);
}

/** Runs a command on a lab host over OpenSSH with host key checking on; returns code and stdout. */
export async function onHost(lab: LabAccess, host: string, command: string): Promise<{ code: number; stdout: string }> {
  const argv = [
    '-i',
    lab.keyFile,
    '-o',
    `UserKnownHostsFile=${lab.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    `root@${lab.hosts[host].address}`,
    command,
  ];
  try {
    const { stdout } = await run('ssh', argv, { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '' };
  }
}

/** The decrypted lab secrets (to use the app user, and to prove they never reach any output). */
export async function readSecrets(vaultFile: string, passwordFile: string): Promise<Record<string, string>> {
  const { stdout } = await run('node', ['bin/warren.js', 'vault', 'view', vaultFile, '--vault-password-file', passwordFile], { cwd: root });
  return parse(stdout) as Record<string, string>;
}

export async function waitFor<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/**
 * Deletes the queues test runs declare (warren.verify.*, warren-e2e-*) that an interrupted run
 * left on a running cluster: a leftover quorum queue whose replicas are not all there makes the
 * rolling restart's gate refuse (quorum-critical), correctly, but for a reason the suite did not set up.
 */
export async function deleteLeftoverQueues(lab: LabAccess, host: string): Promise<void> {
  const listed = await onHost(lab, host, "timeout 60 rabbitmqctl -q -s list_queues -p / name 2>/dev/null | grep -E '^warren[.-]' || true");
  for (const name of listed.stdout.split('\n').filter(Boolean)) {
    await onHost(lab, host, `timeout 60 rabbitmqctl -q delete_queue -p / '${name.replace(/'/g, '')}'`);
  }
}

/** For an assertion message: every failed task (its header and result line), then the output's tail. */
export function whyFailed(output: string, tail = 2500): string {
  const failures: string[] = [];
  let task = '';
  for (const line of output.split('\n')) {
    if (/^(TASK|RUNNING HANDLER) \[/.test(line)) task = line.replace(/\s*\*+$/, '');
    else if (/^(fatal|failed): \[/.test(line)) failures.push(`${task}\n  ${line.slice(0, 800)}`);
  }
  return `${failures.length ? `failed tasks:\n${failures.join('\n')}\n--- tail:\n` : ''}${output.slice(-tail)}`;
}
