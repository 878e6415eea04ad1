// Pure parts of apt: dpkg-query / apt-cache policy output -> package states -> what to do.
import type { Diff } from '../module.ts';

export type AptState = 'present' | 'absent' | 'latest' | 'installed' | 'removed';

export interface AptArgs {
  name?: string | string[];
  state?: AptState;
  update_cache?: boolean;
  cache_valid_time?: number;
  deb?: string;
  install_recommends?: boolean;
  purge?: boolean;
  autoremove?: boolean;
  force?: boolean;
}

export interface InstalledPackage {
  /** dpkg's second status letter: i installed, c config-files, n not installed, U/F/H half states */
  status: string;
  version: string;
}

export interface AptProbe {
  packages: Record<string, InstalledPackage>;
  candidates: Record<string, string>;
  deb?: { name: string; version: string; path: string };
  autoremovable: string[];
}

export interface AptWork {
  install: string[]; // apt-get install arguments (name, name=version, /path.deb)
  remove: string[];
  autoremove: boolean;
}

export function requestedPackages(args: AptArgs): string[] {
  const raw = args.name ?? [];
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  return list.map((p) => String(p).trim()).filter(Boolean);
}

/** 'nginx=1.22*' -> name and pinned version */
export function splitPin(spec: string): { name: string; version?: string } {
  const at = spec.indexOf('=');
  return at < 0 ? { name: spec } : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Lines of `dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\t${Version}\n'`. */
export function parseDpkgQuery(output: string): Record<string, InstalledPackage> {
  const packages: Record<string, InstalledPackage> = {};
  for (const line of output.split('\n')) {
    const [name, abbrev, version = ''] = line.split('\t');
    if (!name || !abbrev) continue;
    packages[name.replace(/:\w+$/, '')] = { status: abbrev.trim().charAt(1) || 'n', version: abbrev.trim().charAt(1) === 'n' ? '' : version.trim() };
  }
  return packages;
}

/** `apt-cache policy a b` -> candidate version per package ('(none)' = not installable). */
export function parseAptPolicy(output: string): Record<string, string> {
  const candidates: Record<string, string> = {};
  let current: string | undefined;
  for (const line of output.split('\n')) {
    const header = /^(\S+):$/.exec(line);
    if (header) current = header[1];
    const candidate = /^\s+Candidate:\s+(\S+)/.exec(line);
    if (current && candidate) candidates[current] = candidate[1];
  }
  return candidates;
}

function versionMatches(installed: string, pin: string): boolean {
  return pin.endsWith('*') ? installed.startsWith(pin.slice(0, -1)) : installed === pin;
}

export function planAptWork(probe: AptProbe, args: AptArgs): AptWork {
  const state = args.state ?? 'present';
  const wantAbsent = state === 'absent' || state === 'removed';
  const work: AptWork = { install: [], remove: [], autoremove: args.autoremove === true && probe.autoremovable.length > 0 };
  for (const spec of requestedPackages(args)) {
    const { name, version } = splitPin(spec);
    const current = probe.packages[name];
    const installed = current?.status === 'i';
    if (wantAbsent) {
      if (installed || (args.purge && current?.status !== undefined && current.status !== 'n')) work.remove.push(name);
    } else if (!installed || (version !== undefined && !versionMatches(current.version, version))) {
      work.install.push(spec);
    } else if (state === 'latest' && probe.candidates[name] && probe.candidates[name] !== '(none)' && probe.candidates[name] !== current.version) {
      work.install.push(name);
    }
  }
  if (probe.deb && !wantAbsent) {
    const current = probe.packages[probe.deb.name];
    if (current?.status !== 'i' || current.version !== probe.deb.version) work.install.push(probe.deb.path);
  }
  return work;
}

export function aptChanged(work: AptWork): boolean {
  return work.install.length > 0 || work.remove.length > 0 || work.autoremove;
}

/** before/after lines `name: version` (or `absent`), for --diff */
export function aptDiff(probe: AptProbe, work: AptWork): Diff {
  const line = (name: string, version: string | undefined) => `${name}: ${version || 'absent'}\n`;
  let before = '';
  let after = '';
  for (const target of work.install) {
    const name = target === probe.deb?.path ? probe.deb.name : splitPin(target).name;
    const current = probe.packages[name];
    before += line(name, current?.status === 'i' ? current.version : undefined);
    after += line(name, target === probe.deb?.path ? probe.deb.version : (splitPin(target).version ?? probe.candidates[name] ?? 'latest'));
  }
  for (const name of work.remove) {
    before += line(name, probe.packages[name]?.version);
    after += line(name, undefined);
  }
  for (const name of work.autoremove ? probe.autoremovable : []) {
    before += line(name, 'installed (auto)');
    after += line(name, undefined);
  }
  return { before, after, before_header: 'packages (before)', after_header: 'packages (after)' };
}
