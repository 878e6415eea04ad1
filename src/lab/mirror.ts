// The Debian archive this machine's own apt uses: read at run time, never hard-coded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './exec.ts';

export interface DebianMirror {
  uri: string;
  suite: string;
}

export function debianCodename(osRelease = '/etc/os-release'): string {
  const text = existsSync(osRelease) ? readFileSync(osRelease, 'utf8') : '';
  return /^VERSION_CODENAME=(\S+)$/m.exec(text)?.[1]?.replace(/"/g, '') || 'bookworm';
}

/** Parses deb822 .sources stanzas and one-line .list entries; returns [uri, suites[]] pairs of `deb` lines. */
export function parseAptSources(text: string, deb822: boolean): Array<{ uri: string; suites: string[] }> {
  const entries: Array<{ uri: string; suites: string[] }> = [];
  if (deb822) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim() ?? '';
      if (!field('Types').split(/\s+/).includes('deb') || /^Enabled:\s*no/im.test(stanza)) continue;
      for (const uri of field('URIs').split(/\s+/).filter(Boolean)) entries.push({ uri, suites: field('Suites').split(/\s+/) });
    }
    return entries;
  }
  for (const line of text.split('\n')) {
    const match = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match) entries.push({ uri: match[1]!, suites: [match[2]!] });
  }
  return entries;
}

export function readDebianMirror(aptDir = '/etc/apt', codename = debianCodename()): DebianMirror {
  const files: Array<{ path: string; deb822: boolean }> = [];
  if (existsSync(join(aptDir, 'sources.list'))) files.push({ path: join(aptDir, 'sources.list'), deb822: false });
  const dir = join(aptDir, 'sources.list.d');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.sources')) files.push({ path: join(dir, name), deb822: true });
      if (name.endsWith('.list')) files.push({ path: join(dir, name), deb822: false });
    }
  }
  for (const file of files) {
    for (const entry of parseAptSources(readFileSync(file.path, 'utf8'), file.deb822)) {
      if (entry.uri.startsWith('http') && entry.suites.includes(codename)) return { uri: entry.uri.replace(/\/$/, ''), suite: codename };
    }
  }
  throw new LabError(
    `no Debian archive for "${codename}" in ${aptDir}/sources.list or sources.list.d; the lab builds its base image from the mirror this machine uses`,
  );
}
