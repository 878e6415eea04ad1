// `warren verify matrix`: the Jepsen-style grid. Every case is a verify run with its own fault,
// target and clients; the partition handling is a deployment setting, so cases are grouped by
// it and the cluster is redeployed between groups. The outcome is reported as measured: a
// case that loses confirmed messages is a finding, never retried away.
import type { FaultKind } from './nodes.ts';
import type { QueueType } from './amqp-target.ts';
import type { ClientMode } from './schedule.ts';
import type { VerifyReport } from './report.ts';
import { escapeXml } from './chart.ts';

export type PartitionHandling = 'pause_minority' | 'autoheal';
export const HANDLINGS: PartitionHandling[] = ['pause_minority', 'autoheal'];
export const MATRIX_QUEUES: QueueType[] = ['mirrored', 'quorum'];

export interface Scenario {
  label: string;
  fault: FaultKind;
  node: string;
  clients: ClientMode;
  partition: boolean; // held for the partition hold, not the ordinary one
}

/** The four scenarios; `isolate` is the full-isolation fault (the lab's), else partition-nodes. */
export function scenarios(isolate: FaultKind): Scenario[] {
  return [
    { label: 'kill leader', fault: 'kill', node: 'leader', clients: 'haproxy', partition: false },
    { label: 'stop leader', fault: 'stop', node: 'leader', clients: 'haproxy', partition: false },
    { label: 'partition-nodes leader, direct clients', fault: 'partition-nodes', node: 'leader', clients: 'direct', partition: true },
    { label: `${isolate} follower`, fault: isolate, node: 'follower', clients: 'haproxy', partition: true },
  ];
}

export interface MatrixCase {
  handling: PartitionHandling;
  queueType: QueueType;
  scenario: Scenario;
}

export function matrixCases(isolate: FaultKind): MatrixCase[] {
  return HANDLINGS.flatMap((handling) => MATRIX_QUEUES.flatMap((queueType) => scenarios(isolate).map((scenario) => ({ handling, queueType, scenario }))));
}

export interface CaseResult {
  handling: PartitionHandling;
  queueType: QueueType;
  scenario: string;
  runs: Array<{ passed: boolean; error?: string; report?: VerifyReport; chart?: string }>;
}

export interface CaseSummary {
  case: string;
  runs: number;
  passedRuns: number;
  confirmed: number;
  lost: number;
  unexpected: number;
  duplicates: number;
  maxConfirmGapMs: number;
  recoveryMs: number; // the longest producer recovery of any fault of any run
  confirmedDuringFault: number; // the smallest of any fault of any run
  leaderMoved: string; // e.g. "rmq1 -> rmq2"
  errors: string[];
}

export function caseName(c: { handling: string; queueType: string; scenario: string }): string {
  return `${c.queueType} / ${c.handling} / ${c.scenario}`;
}

export function summarise(result: CaseResult): CaseSummary {
  const reports = result.runs.flatMap((r) => (r.report ? [r.report] : []));
  const faults = reports.flatMap((r) => r.faults);
  const sum = (key: 'confirmed' | 'lost' | 'unexpected' | 'duplicates') => reports.reduce((n, r) => n + r[key], 0);
  return {
    case: caseName(result),
    runs: result.runs.length,
    passedRuns: result.runs.filter((r) => r.passed).length,
    confirmed: sum('confirmed'),
    lost: sum('lost'),
    unexpected: sum('unexpected'),
    duplicates: sum('duplicates'),
    maxConfirmGapMs: Math.max(0, ...reports.map((r) => r.maxConfirmGapMs)),
    recoveryMs: Math.max(0, ...faults.map((f) => f.producerRecoveryMs)),
    confirmedDuringFault: faults.length ? Math.min(...faults.map((f) => f.confirmedDuringFault)) : 0,
    leaderMoved: [...new Set(faults.map((f) => `${f.leaderAtInjection ?? '?'} → ${f.leaderAfter ?? '?'}`))].join(', '),
    errors: result.runs.flatMap((r) => [...(r.error ? [r.error] : []), ...(r.report?.problems ?? [])]),
  };
}

/** What the matrix had to do to the cluster between cases (a node it started or restarted), if anything. */
function interventionList(items: string[]): string {
  if (items.length === 0) return '<p>Between cases the matrix never had to start or restart a node.</p>';
  return `<h2>Between cases the matrix had to</h2>\n<ul>${items.map((i) => `<li>${escapeXml(i)}</li>`).join('')}</ul>`;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One self-contained page: the table, then each case's charts (inline SVG). */
export function renderMatrixHtml(results: CaseResult[], meta: { date: string; machine: string; settings: string; interventions?: string[] }): string {
  const rows = results.map(summarise);
  const head = [
    'case',
    'runs',
    'passed',
    'confirmed',
    'lost',
    'unexpected',
    'duplicates',
    'max confirm gap',
    'recovery',
    'min confirmed during fault',
    'leader',
  ];
  const cell = (v: string | number, bad = false) => `<td${bad ? ' class="bad"' : ''}>${escapeXml(String(v))}</td>`;
  const table = rows
    .map(
      (r) =>
        `<tr>${cell(r.case)}${cell(r.runs)}${cell(`${r.passedRuns}/${r.runs}`, r.passedRuns < r.runs)}${cell(r.confirmed)}${cell(r.lost, r.lost > 0)}${cell(r.unexpected, r.unexpected > 0)}${cell(r.duplicates)}${cell(s(r.maxConfirmGapMs))}${cell(s(r.recoveryMs))}${cell(r.confirmedDuringFault, r.confirmedDuringFault === 0)}${cell(r.leaderMoved)}</tr>${r.errors.length ? `<tr><td colspan="${head.length}" class="bad">${escapeXml(r.errors.join('; '))}</td></tr>` : ''}`,
    )
    .join('\n');
  const charts = results
    .map(
      (c) =>
        `<h2>${escapeXml(caseName(c))}</h2>\n${c.runs.map((r, i) => (r.chart ? `<div>run ${i + 1}${r.passed ? '' : ' (FAILED)'}<br>${r.chart}</div>` : `<p class="bad">run ${i + 1}: ${escapeXml(r.error ?? 'no report')}</p>`)).join('\n')}`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>warren verify matrix</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}.bad{background:#fdd;color:#900}</style>
</head><body>
<h1>warren verify matrix</h1>
<p>${escapeXml(meta.date)} · ${escapeXml(meta.machine)} · ${escapeXml(meta.settings)}</p>
<table><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr>
${table}
</table>
${interventionList(meta.interventions ?? [])}
${charts}
</body></html>
`;
}
