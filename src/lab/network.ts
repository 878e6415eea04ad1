// The lab's bridge, its addresses, and the lab-side veth of each host (for partitions).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { LabError, runChecked, runCommand } from './exec.ts';

export interface Subnet {
  network: number;
  prefixLength: number;
  text: string;
}

function toNumber(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) throw new LabError(`bad IPv4 address "${address}"`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export function parseSubnet(text: string): Subnet {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(text);
  const prefixLength = Number(match?.[2]);
  if (!match || prefixLength < 16 || prefixLength > 26)
    throw new LabError(`bad --subnet "${text}": expected an IPv4 network like 10.86.0.0/24 (prefix /16 to /26)`);
  const mask = (0xffffffff << (32 - prefixLength)) >>> 0;
  const network = (toNumber(match[1]!) & mask) >>> 0;
  return { network, prefixLength, text: `${toAddress(network)}/${prefixLength}` };
}

export function gatewayAddress(subnet: Subnet): string {
  return toAddress(subnet.network + 1);
}

/** Hosts get .11, .12, ... in the order they are first created. */
export function hostAddress(subnet: Subnet, index: number): string {
  const value = subnet.network + 11 + index;
  const broadcast = subnet.network + 2 ** (32 - subnet.prefixLength) - 1;
  if (value >= broadcast) throw new LabError(`subnet ${subnet.text} has no room for ${index + 1} hosts`);
  return toAddress(value);
}

export function contains(subnet: Subnet, address: string, prefixLength = 32): boolean {
  const shortest = Math.min(subnet.prefixLength, prefixLength);
  const mask = (0xffffffff << (32 - shortest)) >>> 0;
  return (toNumber(address) & mask) >>> 0 === (subnet.network & mask) >>> 0;
}

export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

/** Refuses a subnet that overlaps an address on any interface but this lab's own bridge. */
export async function requireSubnetFree(subnet: Subnet, ownBridge: string): Promise<void> {
  const result = await runChecked('ip', ['-j', '-4', 'addr', 'show']);
  const links = JSON.parse(result) as Array<{ ifname: string; addr_info?: Array<{ local: string; prefixlen: number }> }>;
  for (const link of links) {
    if (link.ifname === ownBridge) continue;
    for (const info of link.addr_info ?? []) {
      if (contains(subnet, info.local, info.prefixlen)) {
        throw new LabError(`address range ${subnet.text} is in use: ${link.ifname} has ${info.local}/${info.prefixlen}; choose another with --subnet`);
      }
    }
  }
}

export async function ensureBridge(bridge: string, subnet: Subnet): Promise<void> {
  if (!linkExists(bridge)) await runChecked('ip', ['link', 'add', bridge, 'type', 'bridge']);
  const cidr = `${gatewayAddress(subnet)}/${subnet.prefixLength}`;
  const addresses = JSON.parse(await runChecked('ip', ['-j', '-4', 'addr', 'show', 'dev', bridge])) as Array<{ addr_info?: Array<{ local: string }> }>;
  if (!addresses[0]?.addr_info?.some((info) => info.local === gatewayAddress(subnet))) await runChecked('ip', ['addr', 'add', cidr, 'dev', bridge]);
  await runChecked('ip', ['link', 'set', bridge, 'up']);
}

export async function removeBridge(bridge: string): Promise<void> {
  if (linkExists(bridge)) await runChecked('ip', ['link', 'del', bridge]);
}

/**
 * The lab-side veth of a host: nspawn names it vb-<machine>, hashed when too long, so it is found
 * through the peer index of the host's host0 as the host's own /sys shows it.
 */
export function hostVeth(containerInitPid: number): string | undefined {
  let peerIndex: string;
  try {
    peerIndex = readFileSync(`/proc/${containerInitPid}/root/sys/class/net/host0/iflink`, 'utf8').trim();
  } catch {
    return undefined;
  }
  for (const name of readdirSync('/sys/class/net')) {
    try {
      if (readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim() === peerIndex) return name;
    } catch {}
  }
  return undefined;
}

/** Detaches the veth from the bridge: frames from and to the host go nowhere, both ways, link stays up. */
export async function detachVeth(veth: string): Promise<void> {
  await runChecked('ip', ['link', 'set', veth, 'nomaster']);
}

export async function attachVeth(veth: string, bridge: string): Promise<void> {
  await runChecked('ip', ['link', 'set', veth, 'master', bridge]);
  await runChecked('ip', ['link', 'set', veth, 'up']);
}

export function vethMaster(veth: string): string | undefined {
  const link = `/sys/class/net/${veth}/master`;
  if (!existsSync(link)) return undefined;
  return readdirSync('/sys/class/net').find((name) => {
    try {
      return readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8') === readFileSync(`${link}/ifindex`, 'utf8');
    } catch {
      return false;
    }
  });
}

export async function linkNames(): Promise<string[]> {
  const result = await runCommand('ip', ['-j', 'link', 'show']);
  return (JSON.parse(result.stdout || '[]') as Array<{ ifname: string }>).map((link) => link.ifname);
}
