// Host vars (Ansible names) + run options + environment -> the settings one SSH connection needs.
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import type { ConnectionOptions, HostKeyPolicy } from './options.ts';

export interface SshSettings {
  address: string;
  port: number;
  user: string;
  /** private key files tried in order (after the agent) */
  privateKeyFiles: string[];
  agentSocket?: string;
  password?: string;
  /** used when a task's BecomeOptions carries no password */
  becomePassword?: string;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  hostKeyPolicy: HostKeyPolicy;
  /** known_hosts files read; accept-new appends to the first */
  knownHostsFiles: string[];
  /** concurrent exec channels; OpenSSH's MaxSessions is 10 and SFTP takes one */
  maxChannels: number;
  /** run commands through persistent remote shells (warren_persistent_shell, default on) */
  persistentShell: boolean;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_rsa', 'id_ecdsa'];

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

function firstString(vars: Vars, names: string[]): string | undefined {
  for (const name of names) {
    const value = vars[name];
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return undefined;
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|no|off|0)$/i.test(value.trim()));
}

/** Host var, then --host-key-policy, then environment. Ansible's `host_key_checking: false` means accept-new here, never "off". */
export function hostKeyPolicyFrom(host: string, vars: Vars, options: ConnectionOptions, env: NodeJS.ProcessEnv): HostKeyPolicy {
  const explicit = vars.warren_host_key_checking;
  if (explicit !== undefined) {
    const value = String(explicit);
    if (value === 'strict' || value === 'accept-new') return value;
    if (isFalse(explicit)) return 'accept-new';
    if (explicit === true || /^(true|yes)$/i.test(value)) return 'strict';
    throw new InputError(`${host}: warren_host_key_checking must be 'strict' or 'accept-new', got '${value}'`);
  }
  const ansible = vars.ansible_ssh_host_key_checking ?? vars.ansible_host_key_checking;
  if (ansible !== undefined) return isFalse(ansible) ? 'accept-new' : 'strict';
  if (options.hostKeyPolicy) return options.hostKeyPolicy;
  const fromEnv = env.WARREN_HOST_KEY_CHECKING;
  if (fromEnv === 'accept-new' || fromEnv === 'strict') return fromEnv;
  if (fromEnv !== undefined && fromEnv !== '') throw new InputError(`WARREN_HOST_KEY_CHECKING must be 'strict' or 'accept-new', got '${fromEnv}'`);
  if (env.ANSIBLE_HOST_KEY_CHECKING !== undefined && isFalse(env.ANSIBLE_HOST_KEY_CHECKING)) return 'accept-new';
  return 'strict';
}

function positiveNumber(host: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(`${host}: ${name} must be a positive number, got '${String(value)}'`);
  return n;
}

export function sshSettingsFromVars(
  host: string,
  vars: Vars,
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): SshSettings {
  const keyFile = firstString(vars, ['ansible_ssh_private_key_file', 'ansible_private_key_file']) ?? options.privateKey;
  const privateKeyFiles = keyFile ? [expandHome(keyFile, home)] : DEFAULT_KEYS.map((name) => join(home, '.ssh', name)).filter((path) => existsSync(path));
  const inventoryKnownHosts = firstString(vars, ['warren_known_hosts_file', 'ansible_ssh_known_hosts_file']) ?? options.ssh?.knownHostsFile;
  const userKnownHosts = join(home, '.ssh', 'known_hosts');
  const port = positiveNumber(host, 'ansible_port', vars.ansible_port ?? vars.ansible_ssh_port ?? options.ssh?.port, 22);
  if (!Number.isInteger(port) || port > 65535) throw new InputError(`${host}: ansible_port must be a TCP port, got '${String(vars.ansible_port)}'`);
  const timeoutS = positiveNumber(host, 'ansible_ssh_timeout', vars.ansible_ssh_timeout ?? vars.ansible_timeout ?? options.timeout, 10);
  return {
    address: firstString(vars, ['ansible_host', 'ansible_ssh_host']) ?? host,
    port,
    user: firstString(vars, ['ansible_user', 'ansible_ssh_user']) ?? options.user ?? userInfo().username,
    privateKeyFiles,
    agentSocket: env.SSH_AUTH_SOCK || undefined,
    password: firstString(vars, ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']),
    becomePassword: firstString(vars, ['ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass']) ?? options.becomePassword,
    connectTimeoutMs: timeoutS * 1000,
    keepaliveIntervalMs:
      positiveNumber(host, 'warren_ssh_keepalive_interval', vars.warren_ssh_keepalive_interval ?? options.ssh?.serverAliveIntervalS, 15) * 1000,
    keepaliveCountMax: options.ssh?.serverAliveCountMax ?? 3,
    hostKeyPolicy: hostKeyPolicyFrom(host, vars, options, env),
    knownHostsFiles: inventoryKnownHosts ? [expandHome(inventoryKnownHosts, home), userKnownHosts] : [userKnownHosts],
    maxChannels: 8,
    persistentShell: vars.warren_persistent_shell === undefined ? true : !isFalse(vars.warren_persistent_shell),
  };
}
