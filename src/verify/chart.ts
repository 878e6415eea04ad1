// A small dependency-free SVG chart: confirms/s per publisher and deliveries/s per consumer over
// time, each fault window shaded (and the wait for the cluster to settle after it), where the
// queue's leader was through the run (a track under the time axis, one colour per node), and a
// tick for every client reconnect.
// Hand-written because it is ~100 lines of SVG text.
import type { Timeline } from './ledger.ts';

export interface ChartFault {
  fault: string;
  node: string;
  injectedAtSec: number;
  restoredAtSec: number;
  settledAtSec: number;
  leaderAtInjection: string | null;
  leaderAfter: string | null;
}

const W = 960;
const H = 430;
const PAD = { left: 60, right: 20, top: 64, bottom: 75 };
const NODE_COLOURS = ['#e63946', '#f4a261', '#2a9d8f', '#457b9d', '#6d597a', '#b5838d'];
const PUB_COLOURS = ['#1d3557', '#6a4c93', '#3a86ff', '#8338ec', '#0b525b'];
const SUB_COLOURS = ['#2a9d8f', '#52b788', '#e9c46a', '#80b918', '#06d6a0'];

export function renderChart(timeline: Timeline, faults: ChartFault[], title: string): string {
  const seconds = Math.max(timeline.published.length, 1);
  const clients = Object.entries(timeline.clients);
  const peak = Math.max(1, ...clients.flatMap(([, c]) => [...c.confirms, ...c.deliveries]));
  const x = (s: number) => PAD.left + (s / seconds) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / peak) * (H - PAD.top - PAD.bottom);
  const line = (series: number[]) => series.map((v, i) => `${x(i + 0.5).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${PAD.left}" y="18" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (const f of faults) {
    const from = x(f.injectedAtSec);
    const healed = x(f.restoredAtSec);
    const settled = x(f.settledAtSec);
    const h = H - PAD.top - PAD.bottom;
    parts.push(
      `<rect x="${from.toFixed(1)}" y="${PAD.top}" width="${Math.max(2, healed - from).toFixed(1)}" height="${h}" fill="#f4a261" fill-opacity="0.3"/>`,
    );
    parts.push(
      `<rect x="${healed.toFixed(1)}" y="${PAD.top}" width="${Math.max(1, settled - healed).toFixed(1)}" height="${h}" fill="#8ecae6" fill-opacity="0.3"/>`,
    );
    parts.push(`<text x="${(from + 3).toFixed(1)}" y="${PAD.top + 14}" fill="#9c4a00">${escapeXml(`${f.fault} ${f.node}`)}</text>`);
    parts.push(
      `<text x="${(from + 3).toFixed(1)}" y="${PAD.top + 28}" fill="#5a189a">${escapeXml(`leader ${f.leaderAtInjection ?? '?'} → ${f.leaderAfter ?? '?'}`)}</text>`,
    );
  }
  for (const t of niceTicks(peak)) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  const xStep = Math.max(1, Math.ceil(seconds / 15));
  for (let s = 0; s <= seconds; s += xStep) parts.push(`<text x="${x(s)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${s}</text>`);
  parts.push(
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="black"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="black"/>`,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">seconds since start (orange: fault, blue: healing until whole and in sync, ticks: reconnects, bar: the queue leader's node)</text>`,
    `<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">messages per second</text>`,
  );
  parts.push(...leaderTrack(timeline, seconds, x));
  let legendX = PAD.left;
  let pub = 0;
  let sub = 0;
  for (const [name, c] of clients) {
    const isPub = c.confirms.some((v) => v > 0) || name.startsWith('pub');
    const colour = isPub ? PUB_COLOURS[pub++ % PUB_COLOURS.length]! : SUB_COLOURS[sub++ % SUB_COLOURS.length]!;
    const dash = isPub ? '' : ' stroke-dasharray="5 3"';
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${line(isPub ? c.confirms : c.deliveries)}"/>`);
    parts.push(`<text x="${legendX}" y="40" fill="${colour}">${escapeXml(`${isPub ? '—' : '- -'} ${name} ${isPub ? 'confirms/s' : 'deliveries/s'}`)}</text>`);
    legendX += 150;
    for (const r of timeline.reconnects.filter((e) => e.client === name)) {
      parts.push(
        `<line x1="${x(r.atSec).toFixed(1)}" x2="${x(r.atSec).toFixed(1)}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom - 10}" stroke="${colour}" stroke-width="2"/>`,
      );
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The leader's node over time: a bar per stretch, coloured by node, grey where none was known. */
function leaderTrack(timeline: Timeline, seconds: number, x: (s: number) => number): string[] {
  const top = H - PAD.bottom + 24;
  const out = [`<text x="${PAD.left - 6}" y="${top + 10}" text-anchor="end">leader</text>`];
  const nodes = [...new Set(timeline.leader.flatMap((l) => (l.node ? [l.node] : [])))].sort();
  timeline.leader.forEach((l, i) => {
    const from = x(Math.max(0, l.atSec));
    const to = x(Math.min(seconds, timeline.leader[i + 1]?.atSec ?? seconds));
    const colour = l.node ? NODE_COLOURS[nodes.indexOf(l.node) % NODE_COLOURS.length]! : '#bbb';
    const width = Math.max(1, to - from);
    out.push(
      `<rect x="${from.toFixed(1)}" y="${top}" width="${width.toFixed(1)}" height="12" fill="${colour}"><title>${escapeXml(l.node ?? 'no leader known')}</title></rect>`,
    );
    if (width > 30) out.push(`<text x="${(from + 3).toFixed(1)}" y="${top + 10}" font-size="10" fill="white">${escapeXml(l.node ?? '?')}</text>`);
  });
  return out;
}

function niceTicks(peak: number): number[] {
  const raw = peak / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= peak; t += step) ticks.push(Math.round(t));
  return ticks;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
