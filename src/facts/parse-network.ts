// `ip -o addr`, `ip -o link`, `ip -4 route show default` (or /proc/net/route) -> interface facts.
import type { Vars } from '../core/vars.ts';

export interface Ipv4Info {
  address: string;
  prefix: string;
  netmask: string;
  network: string;
  broadcast?: string;
}

export interface InterfaceInfo {
  device: string;
  active: boolean;
  mtu?: number;
  macaddress?: string;
  type?: string;
  ipv4?: Ipv4Info;
  ipv4_secondaries?: Ipv4Info[];
  ipv6?: Array<{ address: string; prefix: string; scope: string }>;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function ipv4Info(cidr: string, broadcast?: string): Ipv4Info {
  const [address, prefixText = '32'] = cidr.split('/');
  const prefix = Number(prefixText);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (ipv4ToNumber(address) & mask) >>> 0;
  return { address, prefix: String(prefix), netmask: numberToIpv4(mask), network: numberToIpv4(network), ...(broadcast ? { broadcast } : {}) };
}

export function parseLinks(text: string, sysnet: string): Map<string, InterfaceInfo> {
  const links = new Map<string, InterfaceInfo>();
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/.exec(line);
    if (!m) continue;
    const [, device, flags, rest] = m;
    const mtu = /\bmtu (\d+)/.exec(rest);
    const ether = /link\/(\w+)(?: ([0-9a-f:]{17}))?/.exec(rest);
    links.set(device, {
      device,
      active: flags.split(',').includes('UP'),
      ...(mtu ? { mtu: Number(mtu[1]) } : {}),
      ...(ether?.[2] ? { macaddress: ether[2] } : {}),
      ...(ether ? { type: ether[1] === 'loopback' ? 'loopback' : ether[1] === 'ether' ? 'ether' : ether[1] } : {}),
    });
  }
  // without iproute2, /sys/class/net still names the interfaces
  for (const device of sysnet.split(/\s+/).filter(Boolean)) if (!links.has(device)) links.set(device, { device, active: true });
  return links;
}

export function parseAddresses(text: string, links: Map<string, InterfaceInfo>): void {
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+(inet6?)\s+(\S+)(.*)$/.exec(line);
    if (!m) continue;
    const [, rawDevice, family, cidr, rest] = m;
    const device = rawDevice.replace(/@.*$/, '');
    const link = links.get(device) ?? { device, active: true };
    links.set(device, link);
    if (family === 'inet') {
      const info = ipv4Info(cidr, /\bbrd (\S+)/.exec(rest)?.[1]);
      if (!link.ipv4) link.ipv4 = info;
      else (link.ipv4_secondaries ??= []).push(info);
    } else {
      const [address, prefix = '128'] = cidr.split('/');
      (link.ipv6 ??= []).push({ address, prefix, scope: /\bscope (\S+)/.exec(rest)?.[1] ?? 'global' });
    }
  }
}

/** gateway and interface of the IPv4 default route */
export function parseDefaultRoute(text: string): { gateway?: string; interface?: string } {
  const ip = /^default(?: via (\S+))?.*?\bdev (\S+)/m.exec(text);
  if (ip) return { ...(ip[1] ? { gateway: ip[1] } : {}), interface: ip[2] };
  for (const line of text.split('\n').slice(1)) {
    const [iface, destination, gateway] = line.trim().split(/\s+/);
    if (destination !== '00000000' || !gateway) continue;
    // /proc/net/route holds addresses as little-endian hex
    const bytes = gateway
      .match(/../g)!
      .map((h) => Number.parseInt(h, 16))
      .reverse();
    return { gateway: bytes.join('.'), interface: iface };
  }
  return {};
}

/**
 * `ip -o -batch` output of `route show default`, `addr show`, `link show`: addr and link lines
 * start with an interface index, route lines never do. -o joined a multipath route's lines with
 * `\`; undoing that gives exactly what `ip -4 route show default` prints.
 */
export function splitIpBatch(text: string): { route: string; numbered: string } {
  const route: string[] = [];
  const numbered: string[] = [];
  for (const line of text.split('\n')) (/^\d+:/.test(line) ? numbered : route).push(line);
  return { route: route.join('\n').replaceAll('\\', '\n').trim(), numbered: numbered.join('\n') };
}

/** Ansible's fact name for an interface: '-' and '.' become '_'. */
export function interfaceFactName(device: string): string {
  return device.replace(/[-.:]/g, '_');
}

export function networkFacts(route: string, addr: string, link: string, sysnet: string): Vars {
  const links = parseLinks(link, sysnet);
  parseAddresses(addr, links);
  const facts: Vars = { interfaces: [...links.keys()] };
  for (const info of links.values()) facts[interfaceFactName(info.device)] = info;
  const { gateway, interface: routeInterface } = parseDefaultRoute(route);
  // Hosts on an isolated network (the lab) have no default route; Ansible would leave
  // default_ipv4 empty, we take the first non-loopback interface with an address instead.
  const defaultInterface = routeInterface ?? [...links.values()].find((l) => l.type !== 'loopback' && l.device !== 'lo' && l.ipv4)?.device;
  const defaultLink = defaultInterface ? links.get(defaultInterface) : undefined;
  facts.default_ipv4 = defaultLink?.ipv4
    ? {
        ...defaultLink.ipv4,
        interface: defaultInterface,
        ...(gateway ? { gateway } : {}),
        ...(defaultLink.macaddress ? { macaddress: defaultLink.macaddress } : {}),
        ...(defaultLink.mtu ? { mtu: defaultLink.mtu } : {}),
      }
    : {};
  const all = [...links.values()];
  facts.all_ipv4_addresses = all
    .flatMap((l) => [l.ipv4, ...(l.ipv4_secondaries ?? [])])
    .filter((i): i is Ipv4Info => !!i && !i.address.startsWith('127.'))
    .map((i) => i.address);
  facts.all_ipv6_addresses = all
    .flatMap((l) => l.ipv6 ?? [])
    .filter((i) => i.address !== '::1')
    .map((i) => i.address);
  return facts;
}
