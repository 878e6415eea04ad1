// Talks to a broker through its own CLI (rabbitmqctl, rabbitmq-plugins): several read-only
// commands in ONE round trip, each framed by markers so their outputs and exit codes stay apart.
// Secrets travel on stdin, never on a command line (ps, shell history, -v output).
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';

const BEGIN = '@@warren-begin';
const END = '@@warren-end';
const MISSING = '@@warren-no-rabbitmqctl';

export interface CliSection {
  key: string;
  /** POSIX shell command; its stdout and stderr are captured together. */
  command: string;
  /** When true the section reads the exec's stdin (at most one section may). */
  readsStdin?: boolean;
}

export interface SectionOutput {
  rc: number;
  output: string;
}

export interface ProbeOutput {
  /** rabbitmqctl is not on the host (rabbitmq-server not installed yet). */
  missing: boolean;
  sections: Record<string, SectionOutput>;
}

/** rabbitmqctl argv with -q and the JSON formatter, quoted for the shell. */
export function ctl(...args: string[]): string {
  return ['rabbitmqctl', '-q', ...args].map(shellQuote).join(' ');
}

export function ctlJson(...args: string[]): string {
  return ['rabbitmqctl', '-q', '--formatter', 'json', ...args].map(shellQuote).join(' ');
}

/** The shell script for a probe: one framed block per section. */
export function probeScript(sections: CliSection[]): string {
  if (sections.filter((s) => s.readsStdin).length > 1) throw new Error('only one probe section may read stdin');
  const lines = [`command -v rabbitmqctl >/dev/null 2>&1 || { echo ${MISSING}; exit 0; }`];
  for (const s of sections) {
    const stdin = s.readsStdin ? '' : ' </dev/null';
    lines.push(`echo '${BEGIN} ${s.key}'; ( ${s.command} )${stdin} 2>&1; rc=$?; echo; echo "${END} ${s.key} $rc"`);
  }
  return lines.join('\n');
}

/** Splits a probe's stdout back into its sections. */
export function parseProbeOutput(stdout: string): ProbeOutput {
  if (stdout.includes(MISSING)) return { missing: true, sections: {} };
  const sections: Record<string, SectionOutput> = {};
  const pattern = new RegExp(`^${BEGIN} (\\S+)\\n([\\s\\S]*?)\\n?\\n${END} \\1 (\\d+)$`, 'gm');
  for (const match of stdout.matchAll(pattern)) {
    sections[match[1]] = { output: match[2], rc: Number(match[3]) };
  }
  return { missing: false, sections };
}

export async function runProbe(ctx: ModuleContext, sections: CliSection[], stdin?: string): Promise<ProbeOutput> {
  const result = await ctx.target.run(probeScript(sections), stdin !== undefined ? { stdin } : {});
  const parsed = parseProbeOutput(result.stdout);
  if (!parsed.missing && Object.keys(parsed.sections).length !== sections.length) {
    throw new ModuleFailure(`reading the broker's state failed: ${(result.stderr || result.stdout).trim() || `exit code ${result.code}`}`);
  }
  return parsed;
}

/**
 * The JSON document in a command's output. The CLI may print a warning line before it, so
 * parsing starts at the first line that opens an array or an object.
 */
export function parseJsonOutput<T>(output: string, what: string): T {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /^\s*[[{]/.test(line));
  if (start < 0) {
    if (output.trim() === '') return [] as T; // -q with nothing to list prints nothing
    throw new ModuleFailure(`${what}: no JSON in the output: ${output.trim()}`);
  }
  try {
    return JSON.parse(lines.slice(start).join('\n')) as T;
  } catch (err) {
    throw new ModuleFailure(`${what}: unreadable JSON (${(err as Error).message}): ${output.trim().slice(0, 500)}`);
  }
}

/** A section that must have succeeded; its failure names the command's own message. */
export function requireSection(probe: ProbeOutput, key: string, what: string): string {
  const section = probe.sections[key];
  if (!section) throw new ModuleFailure(`${what}: no output`);
  if (section.rc !== 0) throw new ModuleFailure(`${what} failed (rc=${section.rc}): ${section.output.trim()}`, { rc: section.rc });
  return section.output;
}

export const MISSING_CLI = 'rabbitmqctl was not found on the host: install rabbitmq-server first (roles/rabbitmq)';

export function missingCliFailure(): ModuleFailure {
  return new ModuleFailure(MISSING_CLI);
}

/** One step of an apply script; `stdin` carries a secret when the step needs one. */
export interface CliStep {
  command: string;
  stdin?: string;
}

/**
 * Runs the steps in order and stops at the first failure. A step with stdin runs in its own
 * exec (stdin belongs to the whole exec); the rest are batched into one round trip.
 */
export async function runSteps(ctx: ModuleContext, steps: CliStep[], what: string): Promise<void> {
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await execOrFail(ctx, ['set -e', ...batch.map((c) => `${c} </dev/null`)].join('\n'), what);
    batch = [];
  };
  for (const step of steps) {
    if (step.stdin === undefined) {
      batch.push(step.command);
      continue;
    }
    await flush();
    await execOrFail(ctx, step.command, what, `${step.stdin}\n`);
  }
  await flush();
}

async function execOrFail(ctx: ModuleContext, script: string, what: string, stdin?: string): Promise<void> {
  const result = await ctx.target.run(script, stdin !== undefined ? { stdin } : {});
  if (result.code !== 0) {
    const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.code ?? result.signal}`;
    throw new ModuleFailure(`${what}: ${detail}`, { rc: result.code, stdout: result.stdout, stderr: result.stderr });
  }
}

/** Text for a state diff: one `key: value` line per entry, lists and dicts as compact JSON. */
export function stateText(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`)
    .join('');
}

/**
 * The diff (when changed) of a plan; when the broker isn't installed yet, the plan is made against
 * an empty one and is blocked: a real run fails, check mode reports it with a note.
 */
export function planDetails(
  changed: boolean,
  header: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  missing = false,
): Pick<Plan, 'diff' | 'msg' | 'blockedBy'> {
  return {
    ...(changed ? { diff: [{ before: stateText(before), after: stateText(after), before_header: header, after_header: header }] } : {}),
    ...(missing ? { msg: 'rabbitmq-server is not installed yet (check mode): planned against an empty broker', blockedBy: MISSING_CLI } : {}),
  };
}

/** Order-insensitive deep equality for JSON values (object keys in any order; arrays in order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => jsonEqual(v, other[i]));
  }
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  return jsonEqual(ka, kb) && ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** `a,b , c` or a list -> ['a','b','c'] (Ansible accepts both for names and tags). */
export function toNameList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : value.split(',');
  return list.map((v) => String(v).trim()).filter((v) => v !== '');
}
