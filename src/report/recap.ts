// The PLAY RECAP block with Ansible's padding: host left-aligned to 26, counters `key=%-4s`.
import type { HostStats } from './events.ts';
import { paint, type Color } from './colors.ts';

const KEYS: Array<[keyof HostStats, Color]> = [
  ['ok', 'green'],
  ['changed', 'yellow'],
  ['unreachable', 'red'],
  ['failed', 'red'],
  ['skipped', 'cyan'],
  ['rescued', 'magenta'],
  ['ignored', 'blue'],
];

function hostColor(s: HostStats): Color {
  if (s.failed || s.unreachable) return 'red';
  return s.changed ? 'yellow' : 'green';
}

export function formatRecapLine(host: string, s: HostStats, color = false): string {
  const name = color ? paint(hostColor(s), host.padEnd(26)) : host.padEnd(26);
  const counters = KEYS.map(([key, c]) => {
    const text = `${key}=${String(s[key]).padEnd(4)}`;
    return color && s[key] ? paint(c, text) : text;
  });
  return `${name} : ${counters.join(' ')}`;
}

export function headerLine(title: string): string {
  return `${title} ${'*'.repeat(Math.max(3, 79 - title.length))}`;
}

export function formatRecap(stats: Record<string, HostStats>, color = false): string {
  const lines = ['', headerLine('PLAY RECAP')];
  for (const host of Object.keys(stats).sort()) lines.push(formatRecapLine(host, stats[host]!, color));
  return `${lines.join('\n')}\n`;
}
