// A small dependency-free SVG line chart: confirms/s and deliveries/s over time, with the
// fault and recovery windows shaded. Hand-written because it is ~80 lines of SVG text.
import type { Timeline } from './ledger.ts';

export interface ChartMark {
  label: string;
  fromSec: number;
  toSec: number;
  kind: 'fault' | 'recovery';
}

const SHADE = { fault: { fill: '#f4a261', text: '#9c4a00' }, recovery: { fill: '#8ecae6', text: '#1d5f7a' } };

const W = 900;
const H = 360;
const PAD = { left: 60, right: 20, top: 44, bottom: 45 };

export function renderChart(timeline: Timeline, marks: ChartMark[], title: string): string {
  const seconds = Math.max(timeline.published.length, 1);
  const peak = Math.max(1, ...timeline.published, ...timeline.consumed);
  const x = (s: number) => PAD.left + (s / seconds) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / peak) * (H - PAD.top - PAD.bottom);
  const line = (series: number[]) => series.map((v, i) => `${x(i + 0.5).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const ticks = niceTicks(peak);
  const xStep = Math.max(1, Math.ceil(seconds / 15));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${PAD.left}" y="18" font-size="14">${escapeXml(title)}</text>`,
    `<text x="${PAD.left}" y="36" fill="#1d3557">— confirmed publishes/s</text>`,
    `<text x="${PAD.left + 180}" y="36" fill="#2a9d8f">- - deliveries/s</text>`,
  ];
  for (const mark of marks) {
    const from = x(mark.fromSec);
    const width = Math.max(2, x(mark.toSec) - from);
    const shade = SHADE[mark.kind];
    parts.push(`<rect x="${from.toFixed(1)}" y="${PAD.top}" width="${width.toFixed(1)}" height="${H - PAD.top - PAD.bottom}" fill="${shade.fill}" fill-opacity="0.3"/>`);
    parts.push(`<text x="${(from + 3).toFixed(1)}" y="${PAD.top + 14}" fill="${shade.text}">${escapeXml(mark.label)}</text>`);
  }
  for (const t of ticks) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  for (let s = 0; s <= seconds; s += xStep) parts.push(`<text x="${x(s)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${s}</text>`);
  parts.push(
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="black"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="black"/>`,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">seconds since start</text>`,
    `<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">messages per second</text>`,
    `<polyline fill="none" stroke="#1d3557" stroke-width="2" points="${line(timeline.published)}"/>`,
    `<polyline fill="none" stroke="#2a9d8f" stroke-width="2" stroke-dasharray="5 3" points="${line(timeline.consumed)}"/>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

function niceTicks(peak: number): number[] {
  const raw = peak / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= peak; t += step) ticks.push(Math.round(t));
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
