// What a connection takes from the command line; the host's inventory variables override it.
export type HostKeyPolicy = 'strict' | 'accept-new';

export interface ConnectionOptions {
  connection?: string; // -c local|ssh
  user?: string; // -u
  privateKey?: string; // --private-key
  becomePassword?: string; // from -K prompt
  hostKeyPolicy?: HostKeyPolicy;
  /** SSH connect timeout, seconds (-T, ansible.cfg timeout) */
  timeout?: number;
  /** [ssh_connection] ssh_args that warren's SSH client honours */
  ssh?: SshArgSettings;
}

/** What ansible.cfg's ssh_args / ssh_extra_args say that ssh2 can do too (src/config/ssh-args.ts). */
export interface SshArgSettings {
  hostKeyPolicy?: HostKeyPolicy;
  knownHostsFile?: string;
  connectTimeoutS?: number;
  serverAliveIntervalS?: number;
  serverAliveCountMax?: number;
  port?: number;
  user?: string;
  identityFile?: string;
}
