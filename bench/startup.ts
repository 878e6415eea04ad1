// `npm run bench:startup`: how long the CLIs take to start, from the dist/ bundle (bin/ runs it
// while it is fresh), as a user types them (bin/warren and bin/run-playbook, the sh launchers npm installs):
// `warren --version` and `run-playbook --syntax-check playbooks/site.yml` (and `warren run`),
// next to an empty Node process (the floor of any command that starts Node). Each command runs --runs times,
// the commands alternating; wall time (the command started directly, no shell) and CPU time (user +
// system, from bash's `times` in a second start) are printed. CPU time is the steadier figure on a shared machine; the targets are wall times.
//   npm run bench:startup -- [--runs N] [--no-build]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine.ts';
import { summarize, type Summary } from './lib/stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, 'no-build': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got '${values.runs}'`);

interface StartupCase {
  name: string;
  /** the command line: node and a script, or an installed command (bin/warren, a sh launcher) */
  args: string[];
  /** the issue's target, wall time */
  targetMs?: number;
}

const empty = join(mkdtempSync(join(tmpdir(), 'warren-startup-')), 'empty.mjs');
writeFileSync(empty, 'export {};\n');
const CASES: StartupCase[] = [
  { name: 'node (empty module)', args: [process.execPath, empty] },
  { name: 'warren --version', args: [join(root, 'bin', 'warren'), '--version'], targetMs: 60 },
  { name: 'node bin/warren.js --version', args: [process.execPath, join(root, 'bin', 'warren.js'), '--version'] },
  { name: 'run-playbook --syntax-check site.yml', args: [join(root, 'bin', 'run-playbook'), '--syntax-check', 'playbooks/site.yml'], targetMs: 150 },
  { name: 'warren run --syntax-check site.yml', args: [join(root, 'bin', 'warren'), 'run', '--syntax-check', 'playbooks/site.yml'], targetMs: 150 },
];

/**
 * One run: wall ms of the command started directly (as hyperfine -N does: no shell in the figure),
 * then the child's CPU ms from a second start under bash, whose `times` reports it.
 */
function once(args: string[]): { wallMs: number; cpuMs: number } {
  const started = performance.now();
  const direct = spawnSync(args[0]!, args.slice(1), { cwd: root, stdio: 'ignore' });
  const wallMs = performance.now() - started;
  if (direct.status !== 0) throw new Error(`${args.join(' ')}: exit ${direct.status ?? direct.signal}`);
  const script = '"$@" >/dev/null 2>&1 || echo "exit $?" >&2; times';
  const r = spawnSync('bash', ['-c', script, 'startup', ...args], { cwd: root, encoding: 'utf8' });
  if (r.stderr.trim()) throw new Error(`${args.join(' ')}: ${r.stderr.trim()}`);
  // times: line 1 the shell, line 2 its children: "0m0.080s 0m0.010s"
  const children = r.stdout.trim().split('\n')[1] ?? '';
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { wallMs, cpuMs };
}

if (!values['no-build']) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const samples = new Map(CASES.map((c) => [c.name, { wall: [] as number[], cpu: [] as number[] }]));
for (const c of CASES) once(c.args); // warm the file cache
for (let run = 0; run < runs; run++) {
  for (const c of CASES) {
    const m = once(c.args);
    samples.get(c.name)!.wall.push(m.wallMs);
    samples.get(c.name)!.cpu.push(m.cpuMs);
  }
}

const ms = (n: number) => `${Math.round(n)} ms`;
const results = CASES.map((c) => ({ ...c, wall: summarize(samples.get(c.name)!.wall)!, cpu: summarize(samples.get(c.name)!.cpu)! }));
const machine = machineInfo(undefined);
const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 3).join(' ');
const lines = [
  `start-up, ${runs} runs each, from dist/bundle (${machine.date}, ${machine.nproc} cores, ${machine.cpuModel}, node ${machine.node}, load ${load})`,
  `${'command'.padEnd(46)} ${'wall median'.padStart(12)} ${'wall min'.padStart(9)} ${'cpu median'.padStart(11)}  target (wall)`,
  ...results.map(
    (r) =>
      `${r.name.padEnd(46)} ${ms(r.wall.median).padStart(12)} ${ms(r.wall.min).padStart(9)} ${ms(r.cpu.median).padStart(11)}  ${
        r.targetMs ? `${r.targetMs} ms: ${r.wall.median <= r.targetMs ? 'met' : r.wall.min <= r.targetMs ? 'met by the fastest run only' : 'missed'}` : ''
      }`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
const dir = join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const record: { machine: typeof machine; load: string; runs: number; results: Array<{ name: string; targetMs?: number; wall: Summary; cpu: Summary }> } = {
  machine,
  load,
  runs,
  results: results.map(({ name, targetMs, wall, cpu }) => ({ name, targetMs, wall, cpu })),
};
writeFileSync(join(dir, `${machine.date}-startup.json`), `${JSON.stringify(record, null, 2)}\n`);
