// Pure: the facts script's output -> Ansible-named facts (no I/O, unit-tested with captured output).
import type { Vars } from '../core/vars.ts';
import { networkFacts, splitIpBatch } from './parse-network.ts';
import { splitSections } from '../core/sections.ts';

export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) values[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}

const DISTRIBUTION_NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  centos: 'CentOS',
  rhel: 'RedHat',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  alpine: 'Alpine',
  arch: 'Archlinux',
  opensuse: 'openSUSE',
  sles: 'SLES',
  raspbian: 'Debian',
};
const OS_FAMILIES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  rhel: 'RedHat',
  centos: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  alpine: 'Alpine',
  arch: 'Archlinux',
  suse: 'Suse',
  opensuse: 'Suse',
  sles: 'Suse',
};
const PKG_MGRS: Record<string, string> = { 'apt-get': 'apt', dnf: 'dnf', yum: 'yum', zypper: 'zypper', apk: 'apk', pacman: 'pacman' };

function distributionFacts(osRelease: string, debianVersion: string): Vars {
  const os = parseOsRelease(osRelease);
  const id = (os.ID ?? '').toLowerCase();
  const family = [id, ...(os.ID_LIKE ?? '').toLowerCase().split(/\s+/)].map((x) => OS_FAMILIES[x]).find(Boolean);
  // Debian's point release lives in /etc/debian_version (12.5); os-release only says 12
  const version = id === 'debian' && /^\d/.test(debianVersion) ? debianVersion : (os.VERSION_ID ?? '');
  return {
    distribution: DISTRIBUTION_NAMES[id] ?? (id ? id[0].toUpperCase() + id.slice(1) : 'Unknown'),
    distribution_version: version,
    distribution_major_version: version.split('.')[0],
    distribution_release: os.VERSION_CODENAME ?? '',
    os_family: family ?? (id ? id[0].toUpperCase() + id.slice(1) : 'Unknown'),
  };
}

function memoryFacts(meminfo: string): Vars {
  const kb: Record<string, number> = {};
  for (const m of meminfo.matchAll(/^(\w+):\s+(\d+)/gm)) kb[m[1]] = Number(m[2]);
  const mb = (name: string) => Math.floor((kb[name] ?? 0) / 1024);
  return {
    memtotal_mb: mb('MemTotal'),
    memfree_mb: mb('MemFree'),
    swaptotal_mb: mb('SwapTotal'),
    swapfree_mb: mb('SwapFree'),
    memory_mb: {
      real: { total: mb('MemTotal'), free: mb('MemFree') },
      nocache: { free: mb('MemAvailable') },
      swap: { total: mb('SwapTotal'), free: mb('SwapFree') },
    },
  };
}

function dateFacts(date: string): Vars {
  const [epoch = '', local = ''] = date.split('\n');
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) (\S+) ([+-]\d{4})$/.exec(local.trim());
  if (!m) return { date_time: { epoch: epoch.trim() } };
  const [, year, month, day, hour, minute, second, tz, offset] = m;
  return {
    date_time: {
      epoch: epoch.trim(),
      year,
      month,
      day,
      hour,
      minute,
      second,
      tz,
      tz_offset: offset,
      date: `${year}-${month}-${day}`,
      time: `${hour}:${minute}:${second}`,
      iso8601: new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

/** `nproc`'s answer, or `cpus <affinity list> <online list>`: sched_getaffinity counts the
 * affinity mask ANDed with the active (online) CPUs, which is what nproc prints. */
export function cpuCount(section: string): number {
  const first = section.split('\n')[0];
  const lists = /^cpus (\S+) (\S+)$/.exec(first);
  if (!lists) return Number(first) || 1;
  const online = new Set(expandCpuList(lists[2]));
  return expandCpuList(lists[1]).filter((cpu) => online.has(cpu)).length || 1;
}

function expandCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    for (let cpu = Number(m[1]); cpu <= Number(m[2] ?? m[1]); cpu++) cpus.push(cpu);
  }
  return cpus;
}

function serviceManager(init: string): string {
  const [comm = ''] = init.split('\n');
  if (comm === 'systemd' || init.includes('systemd-booted')) return 'systemd';
  if (comm === 'init') return 'sysvinit';
  return comm || 'unknown';
}

/** The script runs one `ip -o -batch` (route, addr, link); without it, the three old sections. */
function networkFactsFrom(s: Map<string, string>): Vars {
  const get = (name: string) => s.get(name) ?? '';
  if (s.has('addr')) return networkFacts(get('route'), get('addr'), get('link'), get('sysnet'));
  const { route, numbered } = splitIpBatch(get('ip'));
  return networkFacts(route, numbered, numbered, get('sysnet'));
}

/** platform.python_version(): '3.11.2', '3.13.0rc1' (sys.version's first word). */
function pythonVersionText(major: number, minor: number, micro: number, level: string, serial: number): string {
  const suffix = ({ alpha: 'a', beta: 'b', candidate: 'rc' } as Record<string, string>)[level];
  return `${major}.${minor}.${micro}${suffix ? `${suffix}${serial}` : ''}`;
}

/**
 * The python section: the interpreter's path, then what it said of itself (script.ts
 * PYTHON_INFO), as Ansible's python facts: ansible_python and ansible_python_version. No
 * python, or one that does not start, gives neither (Ansible's setup would fail there).
 */
export function pythonFacts(section: string | undefined): Vars {
  const [path = '', said = ''] = (section ?? '').split('\n');
  const m = /^py (\d+) (\d+) (\d+) (\S+) (\d+) ([01]) (\S+) (.*)$/.exec(said);
  if (!m) return {};
  const [major, minor, micro, serial] = [m[1], m[2], m[3], m[5]].map(Number) as [number, number, number, number];
  const releaselevel = m[4]!;
  return {
    python: {
      executable: m[8] || path,
      has_sslcontext: m[6] === '1',
      type: m[7],
      version: { major, minor, micro, releaselevel, serial },
      version_info: [major, minor, micro, releaselevel, serial],
    },
    python_version: pythonVersionText(major, minor, micro, releaselevel, serial),
  };
}

export function parseFacts(output: string): Vars {
  const s = splitSections(output);
  const get = (name: string) => s.get(name) ?? '';
  if (!s.has('end')) throw new Error('facts script output is incomplete (no end marker)');
  const [system = '', kernel = '', kernelVersion = '', machine = '', nodename = ''] = get('uname').split('\n');
  const hostnameOut = get('hostname') || nodename;
  const fqdn = get('fqdn').split('\n')[0] || hostnameOut;
  const [userName = '', uid = '', gid = '', home = '', shell = ''] = get('user').split('\n');
  const cpus = cpuCount(get('cpu'));
  const uptime = Number(get('uptime').split(/\s+/)[0]);
  return {
    hostname: hostnameOut.split('.')[0],
    nodename: nodename || hostnameOut,
    fqdn,
    domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
    system,
    kernel,
    kernel_version: kernelVersion,
    architecture: machine,
    machine,
    ...distributionFacts(get('os_release'), get('debian_version')),
    processor_count: cpus,
    processor_vcpus: cpus,
    processor_nproc: cpus,
    ...memoryFacts(get('meminfo')),
    ...networkFactsFrom(s),
    service_mgr: serviceManager(get('init')),
    pkg_mgr: PKG_MGRS[get('pkg').split('\n')[0]] ?? 'unknown',
    user_id: userName,
    user_uid: Number(uid),
    user_gid: Number(gid),
    user_dir: home,
    user_shell: shell,
    ...pythonFacts(s.get('python')),
    ...dateFacts(get('date')),
    ...(Number.isFinite(uptime) ? { uptime_seconds: Math.floor(uptime) } : {}),
  };
}
