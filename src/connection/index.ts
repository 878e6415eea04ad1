import type { Connection } from './connection.ts';
import type { Vars } from '../core/vars.ts';
import type { ConnectionOptions } from './options.ts';
import { LocalConnection } from './local.ts';
import { SshConnection, sshSettingsFromVars } from './ssh.ts';

/** Picks the transport from ansible_connection (or -c), as Ansible does. */
export function createConnection(host: string, hostVars: Vars, options: ConnectionOptions): Connection {
  const kind = String(hostVars.ansible_connection ?? options.connection ?? 'ssh');
  switch (kind) {
    case 'local':
      return new LocalConnection(host);
    case 'ssh':
      return new SshConnection(host, sshSettingsFromVars(host, hostVars, options));
    default:
      throw new Error(`${host}: connection type '${kind}' is not available yet`);
  }
}
