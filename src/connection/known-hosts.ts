// OpenSSH known_hosts: parse (plain, hashed `|1|salt|hash`, `[host]:port`, comma lists, wildcards,
// negation, @revoked / @cert-authority markers), look up a server key, append accepted keys.
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HostKeyError } from '../core/errors.ts';
import type { HostKeyPolicy } from './options.ts';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** comma-separated patterns, or one hashed `|1|salt|hash` */
  hostField: string;
  keyType: string;
  keyBase64: string;
}

export type HostKeyStatus =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry };

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** Key type from an SSH wire-format public key blob ('ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256'). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH's fingerprint format: `SHA256:` + unpadded base64 of the key blob's SHA-256. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') return; // unknown marker: OpenSSH ignores the line
      marker = name;
    }
    if (fields.length < 3) return;
    entries.push({ file, line: index + 1, marker, hostField: fields[0], keyType: fields[1], keyBase64: fields[2] });
  });
  return entries;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** True when an entry's host field names this host (hashed or pattern list; a negated match wins). */
export function hostFieldMatches(hostField: string, name: string): boolean {
  if (hostField.startsWith('|1|')) {
    const [, , salt, hash] = hostField.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of hostField.split(',')) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Looks the server key up: revoked beats known, known beats changed, changed beats unknown. */
export function checkHostKey(entries: KnownHostEntry[], name: string, blob: Buffer): HostKeyStatus {
  const keyBase64 = blob.toString('base64');
  const type = keyTypeOf(blob);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBase64 === keyBase64);
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => !e.marker && hostFieldMatches(e.hostField, name));
  const known = forHost.find((e) => e.keyBase64 === keyBase64);
  if (known) return { status: 'known', entry: known };
  const changed = forHost.find((e) => e.keyType === type);
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown' };
}

/** Key types known for this host, so the client can prefer them (as OpenSSH orders HostKeyAlgorithms). */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((e) => !e.marker && hostFieldMatches(e.hostField, name)).map((e) => e.keyType))];
}

export async function loadKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    all.push(...parseKnownHosts(text, file));
  }
  return all;
}

export async function appendKnownHost(file: string, name: string, blob: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // One small O_APPEND write per line, so parallel hosts appending do not interleave.
  await appendFile(file, `${name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}

export interface HostKeyCheck {
  host: string; // inventory_hostname, for messages
  address: string;
  port: number;
  /** files read, first one is where accept-new writes */
  files: string[];
  policy: HostKeyPolicy;
}

function keyLabel(blob: Buffer): string {
  const type = keyTypeOf(blob)
    .replace(/^ssh-/, '')
    .replace(/^ecdsa-sha2-.*/, 'ecdsa')
    .toUpperCase();
  return `${type} key fingerprint is ${fingerprintOf(blob)}`;
}

/** Verifies a server key against the files; accepts and records it under accept-new; throws HostKeyError. */
export async function verifyHostKey(check: HostKeyCheck, blob: Buffer, entries?: KnownHostEntry[]): Promise<void> {
  const name = knownHostName(check.address, check.port);
  const status = checkHostKey(entries ?? (await loadKnownHosts(check.files)), name, blob);
  switch (status.status) {
    case 'known':
      return;
    case 'revoked':
      throw new HostKeyError(
        check.host,
        `host key for ${name} is REVOKED in ${status.entry.file}:${status.entry.line}; refusing to connect (${keyLabel(blob)})`,
      );
    case 'changed':
      throw new HostKeyError(
        check.host,
        `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}! Someone could be eavesdropping on you right now ` +
          `(man-in-the-middle attack), or the host key has just been changed. The ${keyLabel(blob)}. ` +
          `Offending ${status.entry.keyType} key in ${status.entry.file}:${status.entry.line}. ` +
          `If the change is expected, remove the old entry: ssh-keygen -R '${name}' -f ${status.entry.file}`,
      );
    case 'unknown':
      if (check.policy === 'accept-new') {
        await appendKnownHost(check.files[0], name, blob);
        return;
      }
      throw new HostKeyError(
        check.host,
        `host key for ${name} is not known (${keyLabel(blob)}; looked in ${check.files.join(', ')}). After checking the fingerprint, accept it with --host-key-policy accept-new, WARREN_HOST_KEY_CHECKING=accept-new or the host var warren_host_key_checking: accept-new`,
      );
  }
}
