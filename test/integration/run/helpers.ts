// Spawns the real CLI against the fixture playbooks with the local connection.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/playbooks');
export const INVENTORY = join(FIXTURES, 'inventory.yml');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env`: variables over this process's (PATH without python3, ...). */
export function runPlaybookCli(playbook: string, workdir: string, args: string[] = [], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/run-playbook.js'), join(FIXTURES, playbook), '-i', INVENTORY, '-c', 'local', '-e', `workdir=${workdir}`, ...args],
    {
      cwd: workdir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', ...env },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** run-playbook site.yml -i inv.ini, both written into `dir` by the test (its own small playbook). */
export function runSiteIn(dir: string, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-playbook.js'), 'site.yml', '-i', 'inv.ini', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempWorkdir(): string {
  return mkdtempSync(join(tmpdir(), 'warren-run-'));
}

/** Every file under dir with its bytes (for "nothing changed" checks). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'base64');
    }
  };
  walk(dir);
  return out;
}

/** The recap counters of one host, parsed from the PLAY RECAP line. */
export function recapOf(stdout: string, host: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith(`${host} `) && l.includes(' : ok='));
  if (!line) throw new Error(`no recap line for ${host} in:\n${stdout}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}
